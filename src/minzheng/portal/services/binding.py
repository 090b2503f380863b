"""Real-name binding (实名认证): an account is bound to the registry person whose ID number (through the blind
index, registry.selectors.person_by_id_number) and name both match. Nothing personal is shown before it.

The answer is the same for an unknown number, a wrong name and a phone not the registered one (no registry
oracle); after conf.BIND_TRIES failures
the account binds only at the village/community office. Where the registry holds a phone for the person, the
account's phone must be it (a relative who knows the ID number and name cannot take the account over); one person,
one account. Consent to the privacy notice comes first (《个人信息保护法》第二十九条: ID numbers are sensitive)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from minzheng.core import audit, idnumber
from minzheng.core.errors import Conflict, FieldError, Forbidden, ValidationFailed
from minzheng.portal import channel, conf
from minzheng.portal.models import PortalAccount
from minzheng.portal.services import signin
from minzheng.registry import selectors as registry_selectors

MISMATCH = ("身份信息与登记不一致（身份证号码、姓名，或登记的联系电话不是本手机号），"
            "或您尚未在民政部门登记。请到村（社区）核实")


def bind(account: PortalAccount, id_number, name) -> PortalAccount:
    if not account.consent_version:
        raise Forbidden("请先阅读并同意《个人信息保护告知书》")
    if account.person_id is not None:
        raise Conflict("您已完成实名认证")
    if account.failed_binds >= conf.BIND_TRIES:
        raise Forbidden("实名核验失败次数过多，请携带身份证到村（社区）办理")
    errors = []
    try:
        number = idnumber.parse(id_number if isinstance(id_number, str) else "").number
    except idnumber.IdNumberError as exc:
        errors.append(FieldError("id_number", str(exc)))
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 50:
        errors.append(FieldError("name", "请填写身份证上的姓名"))
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    person = None
    for region in channel.binding_regions():
        person = registry_selectors.person_by_id_number(channel.actor("·实名认证", region), number)
        if person is not None:
            break
    with transaction.atomic():
        signin._count("bind_client", signin._client(), now, conf.BIND_CLIENT_LIMITS())
        reason = None
        if person is None or person.name != name or person.merged_into_id is not None:
            reason = "mismatch"
        elif person.phone_index and person.phone_index != account.phone_index:
            reason = "phone"
        if reason:
            account.failed_binds += 1
            PortalAccount.objects.filter(pk=account.pk).update(failed_binds=account.failed_binds)
            audit.record(signin.audit_name(account), audit.Event("portal_bind_failure", "portal_account",
                                                                 account.pk, "", {"reason": reason}))
    if reason:  # the same words for every failure: whether someone is in the registry is itself sensitive
        raise ValidationFailed([FieldError("id_number", MISMATCH)])
    try:
        with transaction.atomic():
            PortalAccount.objects.filter(pk=account.pk).update(person=person, region_code=person.region_id,
                                                               bound_at=now, failed_binds=0)
            account.person, account.region_code, account.bound_at = person, person.region_id, now
            audit.record(signin.audit_name(account), audit.Event(
                "portal_bind", "portal_account", account.pk, person.region_id,
                {"person": [None, person.pk], "id_number": [None, idnumber.mask(number)]}))
    except IntegrityError:
        raise Conflict("该身份已绑定其他手机号，请到村（社区）办理更换") from None
    return account


