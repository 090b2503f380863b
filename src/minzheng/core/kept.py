"""Values kept a short while for every web process: pickled, encrypted with the data key (SM4-GCM, core.crypto) and
bound to their cache key, in Django's cache (the database table every web process shares, ADR 0018).

What pages keep (the home page's tiles, an officer's inbox sections) holds names and places — a tile's "recently
registered" rows are Person records — which are not written in plaintext outside their own tables. A row changed in
the table fails authentication and reads as missing (computed afresh), never unpickled; so does one kept under an
older data key or by a class that has changed since."""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from minzheng.core import crypto, keys


def get(key: str) -> Any | None:
    """The value kept under `key`, or None when there is none to use."""
    return _open(key, cache.get(key))


def get_many(names: Iterable[str]) -> dict[str, Any]:
    """{key: value} for the keys that hold a usable value, read in one query."""
    found = {}
    for key, blob in cache.get_many(list(names)).items():
        value = _open(key, blob)
        if value is not None:
            found[key] = value
    return found


def put(key: str, value: Any, seconds: int) -> None:
    """Keep `value` for `seconds`. A value that cannot be pickled (an app's own objects may hold anything) is not
    kept: the caller computes it again next time."""
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        cache.set(key, crypto.encrypt_bytes(pickle.dumps(value), aad=key.encode()), seconds)


def forget(names: Iterable[str]) -> None:
    cache.delete_many(list(names))


def _open(key: str, blob) -> Any | None:
    if not isinstance(blob, bytes):  # nothing kept, or kept before values were encrypted
        return None
    try:
        return pickle.loads(crypto.decrypt_bytes(blob, aad=key.encode()))  # authenticated: ours
    except (crypto.CiphertextError, keys.KeyError_, pickle.UnpicklingError, AttributeError, ImportError, EOFError):
        return None
