"""Scoping by construction: every route declares who may open it, and the scoped ones keep an official of
Xã Hoàng Trĩ away from every row of Xã Đồng Phúc, on every list of the pages and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils.http import urlencode
from rest_framework import viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.test import APIClient

from petitions.choices import Kind
from petitions.models import Petition
from petitions.services import PetitionerData, petition_classify, petition_document_add, petition_settle
from petitions.services.approvals import proposal_submit
from petitions.services.enforcement import measure_add
from petitions.services.verification import verification_assign, verification_step_record
from portal.access import ACCESS_KINDS, PUBLIC, SCOPED, ScopedViewSetMixin, declared_access, public, scoped
from portal.api.urls import router
from portal.models import Agency, AuditEvent, User
from reception.choices import ReceivedBy, SessionKind
from reception.services import reception_session_record
from tests.petitions.conftest import accepted, commune_head, frozen_today, receive  # noqa: F401 (fixtures)
from tests.reception.conftest import visit

# Routes of Django's own apps, declared here because their views are not ours to decorate.
DJANGO_ROUTES = {
    "admin": "the admin: staff only (AdminSite.admin_view), its lists scoped by ScopedAdminMixin",
}


@dataclass(frozen=True)
class Route:
    pattern: str  # the whole path, e.g. "petitions/<int:pk>/"
    name: str | None  # with its namespaces, e.g. "petitions:detail"
    namespaces: tuple[str, ...]
    callback: object
    kwargs: tuple[str, ...]  # the path's parameters, from every level

    def __str__(self) -> str:
        view = getattr(self.callback, "cls", None) or getattr(self.callback, "view_class", None) or self.callback
        return f"/{self.pattern} (name {self.name!r}, view {view.__module__}.{view.__qualname__})"

    @property
    def django_own(self) -> str | None:
        return DJANGO_ROUTES["admin"] if "admin" in self.namespaces else DJANGO_ROUTES.get(self.name or "")

    @property
    def access(self) -> str | None:
        return declared_access(self.callback)[0]

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")


def _text(pattern) -> str:
    return str(pattern).removeprefix("^").removesuffix("$")  # the router's patterns are regular expressions


def walk(resolver=None, prefix="", namespaces=(), kwargs=()) -> list[Route]:
    """Every URL pattern of the site, through every include (the API router's routes too)."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        params = kwargs + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = namespaces + ((entry.namespace,) if entry.namespace else ())
            found += walk(entry, prefix + _text(entry.pattern), inner, params)
        else:
            name = ":".join([*namespaces, entry.name]) if entry.name else None
            found.append(Route(prefix + _text(entry.pattern), name, namespaces, entry.callback, params))
    return found


ROUTES = walk()
OURS = [route for route in ROUTES if not route.django_own]


def url_of(route: Route, **values) -> str:
    kwargs = {name: values.get(name, "json" if name == "format" else 1) for name in route.kwargs}
    return reverse(route.name, kwargs=kwargs)


# --- Declarations ------------------------------------------------------------------------------


def test_every_route_declares_who_may_open_it():
    undeclared = [
        str(route)
        for route in OURS
        if route.access not in ACCESS_KINDS or (route.access == PUBLIC and not declared_access(route.callback)[1])
    ]
    assert not undeclared, (
        "These routes do not say who may open them. Decorate the view with @scoped, @reference_data, @own_rows "
        "or @public(reason) from portal.access; an API view inherits ScopedViewSetMixin or sets `access`:\n"
        + "\n".join(undeclared)
    )


def test_the_walk_reaches_every_api_route_and_every_entry_of_the_django_table():
    reached = {getattr(route.callback, "cls", None) for route in ROUTES}
    assert {viewset for _prefix, viewset, _basename in router.registry} <= reached
    for key in DJANGO_ROUTES:
        assert any(key in route.namespaces or route.name == key for route in ROUTES), key
    assert all(route.name for route in OURS), [str(route) for route in OURS if not route.name]


def test_a_scoped_api_view_with_rows_gets_them_from_the_scoped_base():
    strays = [
        str(route)
        for route in OURS
        if route.access == SCOPED
        and issubclass(view := getattr(route.callback, "cls", object), GenericAPIView)
        and not issubclass(view, ScopedViewSetMixin)
    ]
    assert not strays, "A scoped API view with a queryset must inherit ScopedViewSetMixin:\n" + "\n".join(strays)


def test_the_scoped_base_cannot_be_bypassed_by_a_subclass():
    with pytest.raises(ImproperlyConfigured, match="scoped_queryset"):

        class Overrides(ScopedViewSetMixin, viewsets.GenericViewSet):
            queryset = Petition.objects.all()

            def get_queryset(self):
                return Petition.objects.all()

    with pytest.raises(ImproperlyConfigured, match="before DRF"):

        class WrongOrder(viewsets.GenericViewSet, ScopedViewSetMixin):
            queryset = Petition.objects.all()


def test_a_public_view_must_say_why_and_an_undecorated_one_declares_nothing():
    with pytest.raises(TypeError):
        public("")
    with pytest.raises(TypeError):
        public(lambda request: None)
    assert declared_access(lambda request: None) == (None, "")
    assert declared_access(scoped(lambda request: None)) == (SCOPED, "")


@pytest.mark.django_db
def test_only_public_routes_open_without_signing_in(client):
    login = reverse("login")
    for route in OURS:
        response = (APIClient() if route.is_api else client).get(url_of(route))
        if route.access == PUBLIC:
            assert response.status_code < 500, route
            assert not (response.status_code == 302 and response.url.startswith(login)), route
        elif route.is_api:
            assert response.status_code == 403, route
        else:
            assert response.status_code == 302 and response.url.startswith(f"{login}?next="), route


# --- Xã Hoàng Trĩ sees nothing of Xã Đồng Phúc -----------------------------------------------------

NAME, SUMMARY = "Lục Thị Phiêng", "Khiếu nại về mốc giới thửa đất Nà Phiêng"
CONTENT = "Kiến nghị làm lại rãnh thoát nước thôn Khuổi Luông"


@pytest.fixture
def dong_phuc(accepted, receive, commune_officer_a, commune_head, settings, tmp_path):  # noqa: F811
    """Rows of Xã Đồng Phúc on every scoped list: petitions and their case, a document, a proposal, a
    verification with a step, an enforcement measure, a reception session with its visit; returns markers."""
    settings.MEDIA_ROOT = tmp_path
    people = [PetitionerData(full_name=NAME, id_number="006188077066", address="Thôn Nà Phiêng")]
    verifying = accepted(summary=SUMMARY, petitioners=people)
    verification = verification_assign(
        actor=commune_head,
        petition=verifying,
        agency=Agency.objects.get(name="Thanh tra Huyện Ba Bể"),
        lead=User.objects.get(username="huyen.xulydon"),
        members=[],
        due_on=dt.date(2026, 12, 1),
    )
    verification_step_record(
        actor=commune_officer_a,
        verification=verification,
        step_code="site-inspection",
        happened_on=dt.date(2026, 11, 20),
        minutes="Đo đạc mốc giới tại Nà Phiêng",
    )
    document = petition_document_add(
        actor=commune_officer_a,
        petition_id=verifying.pk,
        uploaded_file=SimpleUploadedFile("don.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        title="Bản chụp đơn Nà Phiêng",
        doc_type="petition_scan",
    )
    settling = accepted(kind=Kind.DENUNCIATION, summary=f"{SUMMARY} (tố cáo)", petitioners=people)
    settled = petition_settle(
        actor=commune_officer_a,
        petition_id=settling.pk,
        expected_version=settling.version,
        settled_on=dt.date(2026, 11, 16),
        decision_no="15/QĐ-UBND",
    )
    measure = measure_add(
        actor=commune_officer_a,
        petition=settled,
        kind="return_land",
        description="Trả lại phần đất lấn mốc Nà Phiêng",
        responsible="UBND xã Đồng Phúc",
        due_on=dt.date(2026, 12, 31),
        ordered_amount=Decimal("35"),
    )
    proposing = receive(summary=f"{SUMMARY} (đề nghị)", petitioners=people)
    proposing = petition_classify(
        actor=commune_officer_a,
        petition_id=proposing.pk,
        expected_version=proposing.version,
        qualified=True,
        within_authority=True,
    )
    proposal = proposal_submit(
        actor=commune_officer_a,
        petition=proposing,
        step="accept",
        cleaned={"version": proposing.version, "accepted_on": dt.date(2026, 11, 5)},
        note="Đề nghị thụ lý đơn Nà Phiêng",
    )
    reception_officer = User.objects.select_related("agency__unit").get(username="xa.tiepdan")
    session = reception_session_record(
        actor=reception_officer,
        agency=reception_officer.agency,
        date=dt.date(2026, 11, 19),
        kind=SessionKind.REGULAR,
        received_by=ReceivedBy.STAFF,
        receiver_name="Hoàng Văn Khuổi, công chức tư pháp",
        visits=[visit(name="Đàm Văn Luông", content=CONTENT)],
    )
    registry_round, registry_model = dong_phuc_registry()
    registry_pages = dong_phuc_registry_pages(registry_round, registry_model)
    reform = dong_phuc_reform()
    support = dong_phuc_support()
    transparency = dong_phuc_transparency(accepted, commune_officer_a)
    privacy_request = dong_phuc_privacy_request(commune_officer_a.agency.unit)
    petitions = Petition.objects.filter(pk__in=[verifying.pk, settled.pk, proposing.pk])
    markers = {NAME, SUMMARY, CONTENT, "Đàm Văn Luông", "Hoàng Văn Khuổi", "Nà Phiêng", REFORM_TASK, SUPPORT_ACTIVITY}
    markers |= {DECISION_NO, transparency["published_case"].code}
    markers |= {p.register_number for p in petitions} | {p.case.code for p in petitions}
    markers |= set(User.objects.filter(agency__unit=commune_officer_a.agency.unit).values_list("username", flat=True))
    return {
        "markers": markers,
        "unit": commune_officer_a.agency.unit,
        "agency": commune_officer_a.agency,
        "official": commune_officer_a,
        "petition": verifying,
        "document": document,
        "measure": measure,
        "proposal": proposal,
        "session": session,
        "registry_round": registry_round,
        "registry_model": registry_model,
        **registry_pages,
        **reform,
        **support,
        **transparency,
        "privacy_request": privacy_request,
    }


def dong_phuc_privacy_request(unit):
    """Bà Phiêng asked Xã Đồng Phúc to see the data the portal keeps about her."""
    from privacy.services import subject_request_create

    return subject_request_create(
        actor=None, unit=unit, right="access", requester_name=NAME, received_on=dt.date(2026, 11, 18)
    )


DECISION_NO = "17/QĐ-UBND"


def dong_phuc_transparency(accepted, official) -> dict:  # noqa: F811
    """A complaint of Xã Đồng Phúc settled by decision 17/QĐ-UBND, its decision published on the portal."""
    from transparency.services import decision_publish

    complaint = accepted(summary=f"{SUMMARY} (công khai)", petitioners=[PetitionerData(full_name=NAME)])
    settled = petition_settle(
        actor=official,
        petition_id=complaint.pk,
        expected_version=complaint.version,
        settled_on=dt.date(2026, 11, 16),
        decision_no=DECISION_NO,
        result="right",
    )
    decision = decision_publish(
        actor=official, case=settled.case, text=f"Giải quyết khiếu nại của bà {NAME}", redactions=[NAME]
    )
    return {"published_case": settled.case, "published_decision": decision}


SUPPORT_ACTIVITY = "Trao 12 con bò giống cho hộ nghèo thôn Nà Phiêng"


def dong_phuc_support() -> dict:
    """A province department assigned to Xã Đồng Phúc, and an activity with a photo waiting for the commune."""
    from portal.choices import AgencyKind
    from support.models import ActivityType
    from support.services import ActivityData, activity_record, assignment_create

    province = User.objects.select_related("agency__unit").get(username="tinh.danvan").agency.unit
    commune = User.objects.select_related("agency__unit").get(username="xa.lanhdao").agency.unit
    department = Agency.objects.create(unit=province, name="Sở Công Thương (hỗ trợ)", kind=AgencyKind.DEPARTMENT)
    [assignment] = assignment_create(
        actor=None,
        year=2026,
        agency=department,
        communes=[commune],
        decision_number="35/QĐ-UBND",
        decision_date=dt.date(2026, 1, 10),
    )
    photo = SimpleUploadedFile("bo-giong.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, content_type="image/png")
    activity = activity_record(
        actor=None,
        assignment=assignment,
        data=ActivityData(
            activity_type=ActivityType.objects.get(code="seedlings_livestock"),
            date=dt.date(2026, 11, 10),
            description=SUPPORT_ACTIVITY,
            in_kind_vnd=180_000_000,
        ),
        photos=[photo],
        submit=True,
    )
    return {"support_assignment": assignment, "support_activity": activity, "support_file": activity.files.get()}


REFORM_TASK = "Niêm yết công khai thủ tục hành chính tại các thôn bản"


def dong_phuc_reform() -> dict:
    """Xã Đồng Phúc's own reform plan with a task and its progress update, and a PAR Index score of the commune."""
    from reform.models import Area
    from reform.services import indicator_record, plan_create, task_create, task_progress_record

    officer = User.objects.select_related("agency__unit").get(username="xa.cchc")
    committee = officer.agency
    plan = plan_create(
        actor=officer,
        unit=committee.unit,
        owner_agency=committee,
        year=2026,
        title="Kế hoạch cải cách hành chính năm 2026",
    )
    task = task_create(
        actor=officer,
        plan=plan,
        area=Area.objects.get(code="procedures"),
        title=REFORM_TASK,
        lead_agency=committee,
        deadline=dt.date(2026, 12, 31),
    )
    progress = task_progress_record(actor=officer, task=task, progress=40, text="Đã niêm yết tại 6 thôn")
    indicator = indicator_record(actor=officer, unit=committee.unit, year=2025, kind="par_index", score="78.50")
    return {"reform_plan": plan, "reform_task": task, "reform_progress": progress, "reform_indicator": indicator}


def dong_phuc_registry():
    """Xã Đồng Phúc's own "Dân vận khéo" round and a draft model its People's Committee registered."""
    from models_registry.choices import Field, OwnerKind, RecognitionLevel
    from models_registry.models import Programme
    from models_registry.services import model_create, round_create

    officer = User.objects.select_related("agency__unit").get(username="xa.danvan")
    round_ = round_create(
        actor=officer,
        programme=Programme.objects.get(code="dan-van-kheo"),
        unit=officer.agency.unit,
        year=2026,
        name="Mô hình “Dân vận khéo” xã Đồng Phúc năm 2026",
        registration_opens=dt.date(2026, 11, 1),
        registration_closes=dt.date(2026, 12, 31),
        recognition_level=RecognitionLevel.COMMUNE,
        pass_threshold=Decimal("60"),
        spread_threshold=Decimal("20"),
    )
    data = {
        "name": "Chi bộ thôn Nà Phiêng vận động hiến đất làm đường",
        "field": Field.POLITICAL_SYSTEM,
        "owner_kind": OwnerKind.COLLECTIVE,
        "owner_name": "Chi bộ thôn Nà Phiêng",
    }
    return round_, model_create(actor=officer, round=round_, data=data)


def dong_phuc_registry_pages(round_, draft) -> dict:
    """What the registry's pages name besides a model and a round: a document of the draft, and a second
    model taken through evaluation to a council member's sheet and a decision (not recognised)."""
    from models_registry.choices import CouncilRole, Field, Outcome, OwnerKind
    from models_registry.services import (
        assignments_make,
        council_set,
        decision_issue,
        document_add,
        model_create,
        model_start_evaluation,
        model_submit,
        self_assessment_save,
    )

    officer = User.objects.select_related("agency__unit").get(username="xa.danvan")
    chair = User.objects.select_related("agency__unit").get(username="xa.lanhdao")
    document = document_add(
        actor=officer,
        model=draft,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        title="Biên bản họp thôn Nà Phiêng",
        kind="document",
    )
    text = "Tổ hòa giải thôn Nà Phiêng giữ bình yên xóm bản"
    elements = {"situation": text, "goals": text, "content": text, "outputs": text}
    data = {"name": text, "field": Field.DEFENCE_SECURITY, "owner_kind": OwnerKind.COLLECTIVE, "owner_name": text}
    scored = model_create(actor=officer, round=round_, data={**data, **elements})
    for criterion in round_.criteria.all():
        if criterion.applies(scored.owner_kind):
            self_assessment_save(
                actor=officer, model=scored, criterion=criterion, statement=text, evidence_note="Biên bản số 3"
            )
    scored = model_submit(actor=officer, model=scored)
    model_start_evaluation(actor=officer, models=[scored])
    council_set(actor=officer, round=round_, members=[(chair, CouncilRole.CHAIR)])
    assignment = assignments_make(actor=officer, round=round_)[0]
    decision = decision_issue(
        actor=officer,
        round=round_,
        number="05/QĐ-UBND",
        issued_on=dt.date(2026, 11, 20),
        signer="Hoàng Văn Khuổi",
        entries=[{"model": scored, "outcome": Outcome.NOT_RECOGNIZED, "departure_reason": text}],
    )
    return {
        "registry_document": document,
        "registry_assignment": assignment,
        "registry_decision": decision,
    }


def officials_of(prefix: str) -> list[User]:
    return list(User.objects.filter(username__startswith=prefix, is_active=True).select_related("agency__unit"))


def scoped_list_routes(api: bool) -> list[Route]:
    """Scoped routes without path parameters; of a viewset, the list (not e.g. `officials/me/`)."""
    return [
        route
        for route in OURS
        if route.access == SCOPED
        and route.is_api == api
        and not route.kwargs
        and getattr(route.callback, "actions", {"get": "list"}).get("get") == "list"
    ]


def test_the_scoped_lists_are_found():
    assert {"home", "petitions:list", "petitions:approvals", "reception:list", "audit-list"} <= {
        r.name for r in scoped_list_routes(api=False)
    }
    assert {"api:petition-list", "api:proposal-list", "api:reception-visit-list", "api:official-list"} <= {
        r.name for r in scoped_list_routes(api=True)
    }


# Lists where the officials of Đồng Phúc meet their own rows: proof that the check below is not vacuous.
SHOWS_DONG_PHUC = {
    "petitions:list",
    "petitions:approvals",
    "reception:list",
    "audit-list",
    "official-list",
    "models_registry:list",
    "transparency:manage",
    "privacy:requests",
}
POST_ONLY = {
    "reports:export-petitions",
    "reports:export-reception",
    "models_registry:export",
    "reports:export-list",
}
# Pages only the officers of an agency assigned to support a commune open; no Hoàng Trĩ official is one (the
# support tests prove who is refused: tests/support/test_import.py).
ASSIGNED_AGENCY_ONLY = {"support:import", "support:import-template"}


def test_no_html_list_shows_a_hoang_tri_official_a_row_of_dong_phuc(dong_phuc, client):
    query = {"q": NAME, "people-0-full_name": NAME, "summary": SUMMARY}
    # A search page repeats what was asked; the rows it finds would show their numbers and other text.
    unasked = {m for m in dong_phuc["markers"] if not any(m in value for value in query.values())}
    shown_to_owners = set()
    for route in scoped_list_routes(api=False):
        pages = [(url_of(route), dong_phuc["markers"]), (f"{url_of(route)}?{urlencode(query)}", unasked)]
        owners = officials_of("xa.") if route.name in SHOWS_DONG_PHUC else []
        opened = False
        for official in officials_of("xa2.") + owners:
            client.force_login(official)
            for url, markers in pages:
                response = client.get(url)
                assert response.status_code in (200, 302, 403, 405), (str(route), official.username, url)
                if response.status_code != 200:
                    continue
                if not response["Content-Type"].startswith(("text/", "application/json")):
                    opened = True  # a workbook to download (an import template): zipped, nothing to read here
                    continue
                body = response.content.decode()
                if official in owners:
                    shown_to_owners |= {route.name} if any(m in body for m in markers) else set()
                    continue
                opened = True
                leaked = [m for m in markers if m in body]
                assert not leaked, (str(route), official.username, url, leaked)
        exempt = POST_ONLY | ASSIGNED_AGENCY_ONLY
        assert opened or route.name in exempt, (str(route), "no official of Hoàng Trĩ could open it")
    assert shown_to_owners == SHOWS_DONG_PHUC


def _ids(api: APIClient, url: str) -> tuple[int, set[int]]:
    """The status of the first page, and the ids of every page."""
    response = api.get(url)
    status, ids = response.status_code, set()
    while response.status_code == 200:
        body = response.json()
        ids |= {row["id"] for row in body["results"]}
        if not body.get("next"):
            break
        response = api.get(body["next"])
    return status, ids


def test_no_api_list_gives_a_hoang_tri_official_a_row_of_dong_phuc(dong_phuc, api_for, admin):
    for route in scoped_list_routes(api=True):
        view = route.callback.cls
        if not issubclass(view, ScopedViewSetMixin):
            continue  # the report endpoints take a unit: see the next test
        model = view.queryset.model
        dong_phuc_ids = set(model.objects.visible_to(dong_phuc["official"]).values_list("pk", flat=True))
        status, ids = _ids(api_for(admin), url_of(route))
        assert status == 200 and ids & dong_phuc_ids, (str(route), "the check would be vacuous")
        answered = False
        for official in officials_of("xa2."):
            status, ids = _ids(api_for(official), url_of(route))
            assert status in (200, 403), (str(route), official.username, status)
            answered |= status == 200
            assert not ids & dong_phuc_ids, (str(route), official.username, ids & dong_phuc_ids)
        assert answered, route


# Which row of Đồng Phúc each path parameter of a scoped page names.
DONG_PHUC_PARAMETERS = {
    "official-detail": {"pk": "official"},
    "petitions": {
        "pk": "petition",
        "document_id": "document",
        "measure_id": "measure",
        "proposal_id": "proposal",
        "action": "accept",
        "decision": "approve",
    },
    "reception": {"pk": "session", "agency_id": "agency"},
    "reports": {"unit_id": "unit", "agency_id": "agency"},
    "alerts": {"unit_id": "unit"},  # a follow is named by its unit: Đồng Phúc, out of Hoàng Trĩ's scope
    "reform:plan": {"pk": "reform_plan"},
    "reform:plan_update": {"pk": "reform_plan"},
    "reform:task_create": {"pk": "reform_plan"},
    "reform:task": {"pk": "reform_task"},
    "reform:task_update": {"pk": "reform_task"},
    "reform:task-action": {"pk": "reform_task", "step": "complete"},
    "reform:task-file": {"pk": "reform_task", "kind": "progress", "file_id": "reform_progress"},
    "support:assignment": {"pk": "support_assignment"},
    "support:commune": {"pk": "unit"},
    "support:activity_create": {"pk": "support_assignment"},
    "support:assignment-action": {"pk": "support_assignment", "step": "end"},
    "support:activity": {"pk": "support_activity"},
    "support:activity_update": {"pk": "support_activity"},
    "support:activity-file": {"pk": "support_activity", "file_id": "support_file"},
    "support:activity-action": {"pk": "support_activity", "step": "confirm"},
    "transparency:publish": {"pk": "published_case"},  # the publish page is named by its case
    "transparency": {"pk": "published_decision"},
    "privacy": {"pk": "privacy_request"},  # a data subject's request (the record's pages are not unit data)
    "models_registry": {
        "pk": "registry_model",
        "round_id": "registry_round",
        "document_id": "registry_document",
        "assignment_id": "registry_assignment",
        "decision_id": "registry_decision",
        "action": "submit",
    },
}


def test_every_scoped_page_of_one_dong_phuc_row_is_a_404_in_hoang_tri(dong_phuc, client, api_for):
    """Read or posted to (the buttons, the forms and the API actions alike): the row does not exist there."""
    before = AuditEvent.objects.count()
    for route in OURS:
        if route.access != SCOPED or not route.kwargs or "format" in route.kwargs:
            continue
        if route.is_api:
            model = route.callback.cls.queryset.model
            values = {"pk": model.objects.visible_to(dong_phuc["official"]).values_list("pk", flat=True).first()}
            assert values["pk"] is not None, (str(route), "no row of Đồng Phúc to ask for")
        else:
            namespace = route.namespaces[0] if route.namespaces else ""
            table = DONG_PHUC_PARAMETERS.get(route.name) or DONG_PHUC_PARAMETERS.get(namespace, {})
            missing = set(route.kwargs) - set(table)
            assert not missing, f"{route}: say which row of Đồng Phúc {missing} names in DONG_PHUC_PARAMETERS"
            values = {k: dong_phuc[table[k]].pk if table[k] in dong_phuc else table[k] for k in route.kwargs}
        url = url_of(route, **values)
        statuses = set()
        for official in officials_of("xa2."):
            if route.is_api:
                api = api_for(official)
                answers = {"GET": api.get(url), "POST": api.post(url, {}, format="json")}
            else:
                client.force_login(official)
                answers = {"GET": client.get(url), "POST": client.post(url, {})}
            for method, response in answers.items():
                status = response.status_code
                assert status in (403, 404, 405), (str(route), method, official.username, url, status)
                statuses.add((method, status))
        # Some official of Hoàng Trĩ may ask (read or post) and is told the row does not exist.
        assert any(status == 404 for _method, status in statuses), (str(route), statuses)
    assert AuditEvent.objects.count() == before  # nothing was changed, not even refused into the trail


def test_the_report_api_answers_404_for_dong_phuc_in_hoang_tri(dong_phuc, api_for):
    for route in scoped_list_routes(api=True):
        if issubclass(route.callback.cls, ScopedViewSetMixin):
            continue
        url = url_of(route) + "?" + urlencode({"unit": dong_phuc["unit"].pk, "period": "2026"})
        for official in officials_of("xa2."):
            assert api_for(official).get(url).status_code in (403, 404), (str(route), official.username)
