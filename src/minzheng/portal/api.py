"""The portal API /portal/api: its own NinjaAPI with its own auth (the portal session cookie, portal.session), so
no staff credential opens it and it is not part of the staff API /api/v1 (nor of its OpenAPI document or
authorization matrix as a staff endpoint). Errors have the staff API's shapes: 422 {"detail", "errors"}, 401 not
signed in, 403 a step missing (consent, real-name binding), 404 not the citizen's own, 409 not now, 423 locked,
429 too many requests.

    POST /login/code {phone}            POST /login {phone, code} → cookie     POST /logout
    GET  /me                            POST /consent {version}                POST /bind {id_number, name}
    GET  /programs (the guided forms)   POST /applications → 201 {case_number} GET /applications (own cases)
    GET  /applications/{case_number}    POST /applications/{case_number}/photos (multipart)
    GET  /payments                      POST /selfcheck                        GET|POST /complaints"""

from __future__ import annotations

from django.http import Http404
from ninja import File, Form, NinjaAPI, Router, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import paginate

from minzheng.benefits.services import documents
from minzheng.core import validation
from minzheng.core.api_parser import SingleValueParser
from minzheng.core.api_schemas import ErrorOut, Page, responses
from minzheng.core.errors import ServiceError
from minzheng.core.validation import Id, Text
from minzheng.portal import codes, conf, policy, selectors, selfcheck
from minzheng.portal import schemas as s
from minzheng.portal.services import applications, binding, complaints, notices, requests, signin
from minzheng.portal.session import PortalAuth, clear_cookie, set_cookie

api = NinjaAPI(title="掌上民政 API", version="1", urls_namespace="portal_api", auth=PortalAuth(),
               docs_url=None, openapi_url=None, parser=SingleValueParser())
LIMITED = {423: ErrorOut, 429: ErrorOut}


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    errors = [e.as_dict() for e in validation.field_errors(exc.errors)]
    return api.create_response(request, {"detail": "输入有误，未保存任何数据", "errors": errors}, status=422)


@api.exception_handler(ServiceError)
def _service(request, exc: ServiceError):
    body = {"detail": exc.message}
    if hasattr(exc, "errors"):
        body = {"detail": "输入有误，未保存任何数据", "errors": [e.as_dict() for e in exc.errors]}
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(HttpError)
def _http(request, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, {"detail": "输入有误，未保存任何数据", "errors": [
            {"field": "body", "message": validation.MESSAGES["json_invalid"]}]}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(AuthenticationError)
def _auth(request, exc):
    return api.create_response(request, {"detail": "请先用手机号和验证码登录掌上民政"}, status=401)


# ---- sign-in ---------------------------------------------------------------------------------------------------------


@api.post("/login/code", auth=None, response={**responses(s.CodeSentOut), **LIMITED}, summary="获取登录验证码")
def login_code(request, body: s.PhoneIn):
    signin.request_code(body.phone)
    return s.CodeSentOut(detail="验证码已发送，请查看短信", expires_in=conf.CODE_SECONDS())


@api.post("/login", auth=None, response={**responses(s.AccountOut), **LIMITED}, summary="手机号和验证码登录")
def login(request, body: s.LoginIn):
    account, token = signin.login(body.phone, body.code)
    response = api.create_response(request, _account(account).model_dump(), status=200)
    set_cookie(response, token)
    return response


@api.post("/logout", response=responses(s.MessageOut), summary="退出登录")
def logout(request):
    signin.logout(request.COOKIES.get(conf.COOKIE))
    response = api.create_response(request, {"detail": "已退出"}, status=200)
    clear_cookie(response)
    return response


def _account(account) -> s.AccountOut:
    out = s.AccountOut(phone=account.phone_masked, consented=bool(account.consent_version),
                       consent_version=account.consent_version, privacy_version=codes.PRIVACY_VERSION,
                       bound=account.person_id is not None)
    if account.person_id is not None and account.consent_version:
        out.name = account.person.name
        out.members = [s.MemberOut(id=p.pk, name=p.name) for p in selectors.members(account)]
    return out


@api.get("/me", response=responses(s.AccountOut), summary="我的账户")
def me(request):
    return _account(request.citizen)


@api.post("/consent", response=responses(s.AccountOut), summary="同意个人信息保护告知")
def consent(request, body: s.ConsentIn):
    signin.consent(request.citizen, body.version)
    return _account(request.citizen)


@api.post("/bind", response={**responses(s.AccountOut), **LIMITED}, summary="实名认证（身份证号码和姓名）")
def bind(request, body: s.BindIn):
    return _account(binding.bind(request.citizen, body.id_number, body.name))


# ---- apply and track -------------------------------------------------------------------------------------------------

router = Router()


@router.get("/programs", response=responses(list[s.ProgramFormOut]), summary="可网上申请的项目及其表单")
def program_forms(request):
    selectors.require_bound(request.citizen)
    return [_form_out(f) for f in applications.offered()]


def _form_out(f: policy.FormSpec) -> s.ProgramFormOut:
    return s.ProgramFormOut(program=f.program, name=f.name, person=f.person,
                            subtypes=[s.SubtypeOut(code=c, label=label) for c, label in f.subtypes],
                            requested_amount=f.requested_amount, bank=f.bank, authorisation=f.authorisation,
                            public_notice=f.public_notice, rules=list(f.rules))


def case_out(case, detail: bool = False):
    p = selectors.progress(case)
    base = {"case_number": case.pk, "program": case.program, "program_name": p.program_name, "state": case.state,
            "state_label": p.state_label, "next_step": p.next_step, "deadline": p.deadline,
            "applied_on": case.applied_on, "channel": case.channel, "decision_letter": p.letter}
    if not detail:
        return s.CaseOut(**base)
    return s.CaseDetailOut(**base, steps=[s.StepOut(label=x.label, due=x.due, met_on=x.met_on, kind=x.kind)
                                          for x in p.steps],
                           history=[s.HistoryOut(**h) for h in p.history], notice_until=p.notice_until,
                           amount=case.amount)


@router.post("/applications", response={**responses(s.ApplicationCreatedOut, 201)},
             summary="网上申请")
def apply(request, body: s.ApplicationIn):
    case = applications.apply(request.citizen, body.model_dump())
    p = selectors.progress(case)
    return Status(201, s.ApplicationCreatedOut(case_number=case.pk, program=case.program, state=case.state,
                                        state_label=p.state_label, next_step=p.next_step, deadline=p.deadline))


@router.get("/applications", response=responses(list[s.CaseOut]), summary="我的申请（状态、下一步、期限）")
@paginate(Page)
def my_applications(request):
    return [case_out(c) for c in selectors.own_cases(request.citizen)]


@router.get("/applications/{case_number}", response=responses(s.CaseDetailOut), summary="申请办理进度")
def my_application(request, case_number: Id):
    return case_out(selectors.own_case(request.citizen, case_number), detail=True)


@router.post("/applications/{case_number}/photos", response=responses(s.MessageOut), summary="补充上传材料照片")
def add_photo(request, case_number: Id, name: Form[str] = "申请材料照片", file: File[UploadedFile] = None):
    case = selectors.own_case(request.citizen, case_number)
    if file is None:
        raise ServiceError("请选择照片")
    applications.add_photo(request.citizen, case, applications.Photo(name[:50], file.name or "", file.read(
        documents.MAX_BYTES + 1)))
    return s.MessageOut(detail="已上传")


@router.get("/payments", response=responses(list[s.PaymentOut]), summary="按月到账记录")
@paginate(Page)
def my_payments(request):
    return [s.PaymentOut(month=f"{p.month:%Y-%m}", for_month=f"{p.for_month:%Y-%m}", program_name=p.program_name,
                         amount=p.amount, status=p.status) for p in selectors.payments(request.citizen)]


@router.post("/selfcheck", response=responses(s.SelfcheckOut), summary="政策找人：自助测算")
def self_check(request, body: s.SelfcheckIn):
    answers = [policy.Answer(age=m.age, disability_grade=m.disability_grade, serious_illness=m.serious_illness,
                             labour=m.labour if m.labour in codes.LABOUR else "full", monthly_income=m.monthly_income)
               for m in body.members]
    area = body.area if body.area in codes.AREAS else None
    found = selfcheck.run(request.citizen, body.region_code or None, area, answers or None)
    return s.SelfcheckOut(programs=[s.ProgramFindingOut(program=f.program, program_name=f.program_name,
                                                        eligible=f.eligible,
                                                        estimated_monthly_amount=f.estimated_monthly_amount,
                                                        reasons=f.reasons) for f in found])


# ---- complaints ------------------------------------------------------------------------------------------------------


def complaint_out(c) -> s.ComplaintOut:
    return s.ComplaintOut(id=c.pk, kind=c.kind, kind_label=codes.COMPLAINT_KINDS[c.kind], case_number=c.case_id,
                          text=c.text, state=c.state, state_label=codes.COMPLAINT_STATES[c.state], filed_on=c.filed_on,
                          due_on=c.due_on, answer=c.answer, answered_on=c.answered_on)


@router.post("/complaints", response={**responses(s.ComplaintOut, 201)},
             summary="公示异议、投诉、举报")
def file_complaint(request, body: s.ComplaintIn):
    row = complaints.file(request.citizen, body.kind, body.text, body.case_id, body.subject)
    return Status(201, complaint_out(row))


@router.get("/complaints", response=responses(list[s.ComplaintOut]), summary="我的诉求")
@paginate(Page)
def my_complaints(request):
    selectors.require_bound(request.citizen)
    return [complaint_out(c) for c in selectors.own_complaints(request.citizen)]


@router.get("/complaints/{complaint_id}", response=responses(s.ComplaintOut), summary="诉求及答复")
def my_complaint(request, complaint_id: Id):
    selectors.require_bound(request.citizen)
    return complaint_out(selectors.own_complaint(request.citizen, complaint_id))


# ---- marriage appointments, 清明 bookings, 身后一件事, home-care orders (the other apps' own services) -------------


def request_out(v: selectors.RequestView) -> s.RequestOut:
    return s.RequestOut(id=v.request.pk, kind=v.request.kind, kind_label=v.kind_label, object_id=v.request.object_id,
                        title=v.title, state=v.state, state_label=v.state_label,
                        lines=[s.RequestLineOut(label=a, value=b) for a, b in v.lines], checkin_code=v.token,
                        cancellable=v.cancellable)


@router.get("/marriage/registries", response=responses(list[s.ChoiceOut]), summary="婚姻登记机关")
def marriage_registries(request):
    return [s.ChoiceOut(code=c, label=n) for c, n in selectors.marriage_registries(request.citizen)]


@router.get("/marriage/slots", response=responses(list[s.MarriageSlotOut]), summary="婚姻登记预约余量")
def marriage_slots(request, registry: Text[20], day: validation.Day):
    return [s.MarriageSlotOut(**x) for x in selectors.marriage_slots(request.citizen, registry, day)]


@router.post("/marriage/appointments", response={**responses(s.RequestOut, 201)}, summary="婚姻登记预约")
def book_marriage(request, body: s.MarriageIn):
    row = requests.book_marriage(request.citizen, body.model_dump())
    return Status(201, request_out(selectors.request_view(request.citizen, row.pk)))


@router.get("/sweeping/slots", response=responses(list[s.SweepSlotOut]), summary="清明祭扫时段及余量")
def sweeping_slots(request):
    return [s.SweepSlotOut(id=x.pk, cemetery_name=x.cemetery.name, day=x.day, starts=f"{x.starts:%H:%M}",
                           ends=f"{x.ends:%H:%M}", left=max(x.capacity - x.booked, 0))
            for x in selectors.sweeping_slots(request.citizen)]


@router.post("/sweeping/bookings", response={**responses(s.RequestOut, 201)}, summary="清明祭扫预约")
def book_sweeping(request, body: s.SweepingIn):
    row = requests.book_sweeping(request.citizen, body.model_dump())
    return Status(201, request_out(selectors.request_view(request.citizen, row.pk)))


@router.post("/deaths", response={**responses(s.RequestOut, 201)}, summary="身后一件事：家属申报")
def report_death(request, body: s.DeathReportIn):
    row = requests.report_death(request.citizen, body.model_dump())
    return Status(201, request_out(selectors.request_view(request.citizen, row.pk)))


@router.get("/homecare/items", response=responses(list[s.HomecareItemOut]), summary="居家养老服务项目")
def homecare_items(request):
    return [s.HomecareItemOut(id=pk, label=label) for pk, label in selectors.homecare_items(request.citizen)]


@router.post("/homecare/orders", response={**responses(s.RequestOut, 201)}, summary="居家养老服务下单")
def order_homecare(request, body: s.HomecareIn):
    row = requests.order_homecare(request.citizen, body.model_dump())
    return Status(201, request_out(selectors.request_view(request.citizen, row.pk)))


@router.get("/requests", response=responses(list[s.RequestOut]), summary="我的办件（预约、身后一件事、养老服务）")
@paginate(Page)
def my_requests(request):
    return [request_out(v) for v in selectors.request_views(request.citizen,
                                                            selectors.own_requests(request.citizen)[:200])]


@router.get("/requests/{request_id}", response=responses(s.RequestOut), summary="办件详情")
def my_request(request, request_id: Id):
    return request_out(selectors.request_view(request.citizen, request_id))


@router.post("/requests/{request_id}/cancel", response=responses(s.RequestOut), summary="取消预约")
def cancel_request(request, request_id: Id):
    row = requests.cancel(request.citizen, request_id)
    return request_out(selectors.request_view(request.citizen, row.pk))


@router.get("/notices", response=responses(list[s.NoticeOut]), summary="我的消息")
@paginate(Page)
def my_notices(request):
    return [s.NoticeOut(id=n.pk, kind=n.kind, text=n.text, link=n.link, created_at=n.created_at,
                        read=n.read_at is not None) for n in selectors.own_notices(request.citizen)[:200]]


@router.post("/notices/read", response=responses(s.MessageOut), summary="全部标为已读")
def read_notices(request):
    marked = notices.mark_read(request.citizen)
    return s.MessageOut(detail=f"已读 {marked} 条")


api.add_router("/", router)
