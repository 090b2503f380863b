"""/api/v1/docs (issue 11, defect 8): Swagger UI served from the product's own static files — nothing from a CDN,
so it works on an intranet — and, with the OpenAPI JSON, only for signed-in staff."""

from __future__ import annotations

import re

import pytest
from django.test import Client

DOCS, SCHEMA = "/api/v1/docs", "/api/v1/openapi.json"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_anonymous_gets_neither_the_docs_nor_the_schema():
    client = Client()
    response = client.get(DOCS)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    response = client.get(SCHEMA)
    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}
    assert Client(HTTP_AUTHORIZATION="Bearer not-a-token").get(SCHEMA).status_code == 401


@pytest.mark.django_db
def test_docs_page_loads_only_local_assets(county_user):
    client = _signed_in(county_user)
    response = client.get(DOCS)
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert len(references) >= 3  # the Swagger UI script, its initialisation and its style sheet
    for url in references:
        assert url.startswith("/") and not url.startswith("//"), url  # same origin: no external host
        assert client.get(url).status_code == 200, url  # and the file is really served
    assert not re.search(r"https?://|cdn\.", html, re.IGNORECASE)
    assert "swagger-ui-bundle.js" in html


@pytest.mark.django_db
def test_staff_and_tokens_read_the_schema_administrators_of_security_and_audit_do_not(make_user, api_client):
    for role, region in (("village", "330902001001"), ("city", "330900000000"), ("sysadmin", "330902000000")):
        user = make_user(role, region)
        assert _signed_in(user).get(SCHEMA).status_code == 200, role
        assert api_client(user).get(SCHEMA).status_code == 200, role
    for role in ("auditor", "secadmin"):
        user = make_user(role, "330902000000")
        assert _signed_in(user).get(SCHEMA).status_code == 403, role
        assert _signed_in(user).get(DOCS).status_code == 403, role


def _models(annotation, found: dict, depth: int = 0) -> None:
    import typing

    import pydantic

    if depth > 8 or annotation is None:
        return
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found.get(annotation.__name__, set()):
            return
        found.setdefault(annotation.__name__, set()).add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found, depth + 1)
    for arg in typing.get_args(annotation):
        _models(arg, found, depth + 1)


def test_every_schema_name_in_the_openapi_document_is_one_class():
    """The OpenAPI components are keyed by class name: two apps' `SlotOut` would overwrite each other and an
    endpoint would be documented with the other's shape. Every app prefixes its names where they could clash."""
    from minzheng.api import api

    api.get_openapi_schema()  # resolves the forward references, as serving the document does
    found: dict[str, set] = {}
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                for model in op.models:
                    _models(model, found)
                for response in (op.response_models or {}).values():
                    _models(response, found)
    ours = {name: {c for c in classes if c.__module__.startswith("minzheng.")} for name, classes in found.items()}
    clashes = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
               for name, classes in ours.items() if len(classes) > 1}
    assert not clashes
