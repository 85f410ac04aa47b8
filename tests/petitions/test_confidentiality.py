"""A denouncer's identity is seen only by the assigned officials and the head of the handling agency,
on every path: pages, search, API, admin, notifications, audit log, documents, duplicate hints."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.choices import Kind
from petitions.services import PetitionerData, petition_document_add, petitions_mark_overdue
from portal.models import AuditEvent, Notification, User

pytestmark = pytest.mark.django_db

DENOUNCER = "Lục Thị Bí Mật"


@pytest.fixture
def denunciation(receive, commune_officer_a):
    return receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo cán bộ địa chính nhận tiền",
        petitioners=[
            PetitionerData(
                full_name=DENOUNCER, address="Thôn Khuổi Luông", id_number="006198765432", phone="0987000111"
            )
        ],
    )


@pytest.fixture
def head(commune_officer_a):
    """The chairperson heading the commune People's Committee that handles the case."""
    return User.objects.get(username="xa.lanhdao")


def identity_views(petition):
    return AuditEvent.objects.filter(verb="petition.identity_viewed", target_id=str(petition.pk))


def rendered(response) -> str:
    """The page's text, once it is known to have rendered: a 403, 404 or 500 page shows no name either."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def shows_the_pseudonym(page: str, petition) -> bool:
    return f"Người tố cáo: <strong>{petition.pseudonym}</strong>" in page


def test_leader_who_is_not_assigned_sees_only_the_pseudonym(client_for, province_leader, denunciation):
    page = rendered(client_for(province_leader).get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert denunciation.pseudonym in page and shows_the_pseudonym(page, denunciation)
    assert denunciation.register_number in page and "Tố cáo cán bộ địa chính nhận tiền" in page
    assert DENOUNCER not in page and "006198765432" not in page and "Khuổi Luông" not in page
    assert not identity_views(denunciation).exists()


def test_assigned_officer_sees_the_identity_on_request_and_the_look_is_logged(
    client_for, commune_officer_a, denunciation
):
    client = client_for(commune_officer_a)
    first = rendered(client.get(f"/petitions/{denunciation.pk}/"))
    assert DENOUNCER not in first and "Xem danh tính" in first
    assert shows_the_pseudonym(first, denunciation)  # until asked for, even the assigned see the pseudonym
    shown = rendered(client.get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert DENOUNCER in shown and not shows_the_pseudonym(shown, denunciation)
    event = identity_views(denunciation).get()
    assert event.actor == commune_officer_a


def test_head_of_the_handling_agency_may_see_the_identity(client_for, head, denunciation):
    page = rendered(client_for(head).get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert DENOUNCER in page
    assert identity_views(denunciation).filter(actor=head).exists()


def test_a_colleague_of_the_same_commune_who_is_not_assigned_cannot(client_for, denunciation):
    colleague = User.objects.get(username="xa.thanhtra")
    page = rendered(client_for(colleague).get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert denunciation.register_number in page and shows_the_pseudonym(page, denunciation)
    assert "Xem danh tính" not in page  # not even offered
    assert DENOUNCER not in page
    assert not identity_views(denunciation).exists()


def test_searching_by_the_denouncers_name_finds_nothing_for_others(
    client_for, province_leader, commune_officer_a, denunciation
):
    leader = client_for(province_leader)
    assert denunciation.register_number in rendered(leader.get("/petitions/"))  # the leader sees the petition
    hidden = rendered(leader.get("/petitions/?q=luc thi bi mat"))
    assert denunciation.register_number not in hidden
    assert "Không có đơn nào khớp điều kiện lọc." in hidden
    allowed = rendered(client_for(commune_officer_a).get("/petitions/?q=luc thi bi mat"))
    assert denunciation.register_number in allowed and DENOUNCER not in allowed


def test_api_list_never_reveals_a_denouncer_even_to_the_assigned(api_for, commune_officer_a, denunciation):
    response = api_for(commune_officer_a).get("/api/v1/petitions/")
    assert response.status_code == 200
    rows = response.json()["results"]
    row = next(r for r in rows if r["id"] == denunciation.pk)
    assert row["petitioners"] == [{"pseudonym": denunciation.pseudonym}]


def test_api_detail_reveals_only_to_the_allowed_and_logs_it(api_for, commune_officer_a, province_leader, denunciation):
    leader_response = api_for(province_leader).get(f"/api/v1/petitions/{denunciation.pk}/?show_identity=1")
    assert leader_response.status_code == 200
    leader_view = leader_response.json()
    assert leader_view["id"] == denunciation.pk
    assert leader_view["petitioners"] == [{"pseudonym": denunciation.pseudonym}]
    assert not identity_views(denunciation).exists()
    officer_response = api_for(commune_officer_a).get(f"/api/v1/petitions/{denunciation.pk}/?show_identity=1")
    assert officer_response.status_code == 200
    officer_view = officer_response.json()
    assert officer_view["petitioners"][0]["full_name"] == DENOUNCER
    assert identity_views(denunciation).filter(actor=commune_officer_a).count() == 1


def test_api_search_by_the_denouncers_name_finds_nothing_for_others(api_for, province_leader, denunciation):
    api = api_for(province_leader)
    by_number = api.get(f"/api/v1/petitions/?q={denunciation.register_number}")
    assert by_number.status_code == 200 and [r["id"] for r in by_number.json()["results"]] == [denunciation.pk]
    by_name = api.get("/api/v1/petitions/?q=Lục Thị Bí Mật")
    assert by_name.status_code == 200
    assert by_name.json()["count"] == 0 and by_name.json()["results"] == []


def test_admin_lists_never_show_or_search_identities(client_for, admin, denunciation):
    client = client_for(admin)
    page = rendered(client.get("/admin/petitions/petition/"))
    assert denunciation.register_number in page and DENOUNCER not in page
    searched = client.get("/admin/petitions/petition/?q=Bí Mật")
    assert searched.status_code == 200 and searched.context["cl"].result_count == 0
    assert denunciation.register_number not in searched.content.decode()
    assert client.get("/admin/petitions/petitioner/").status_code == 404  # not registered at all


def test_notifications_and_audit_log_carry_no_identity(denunciation, client_for, inspector):
    petitions_mark_overdue(on=dt.date(2026, 12, 31))
    assert Notification.objects.filter(verb="petition.overdue").exists()
    assert not Notification.objects.filter(message__contains="Bí Mật").exists()
    events = AuditEvent.objects.filter(target_id=str(denunciation.pk))
    assert events.filter(verb="petition.received").exists()  # the loop below has events to read
    assert all(DENOUNCER not in str(e.payload) for e in events)
    inspector_client = client_for(inspector)
    assert DENOUNCER not in rendered(inspector_client.get("/audit/"))
    # The first page holds the newest events of the whole province; filtered, it holds this petition's.
    trail = rendered(inspector_client.get("/audit/?verb=petition."))
    assert denunciation.register_number in trail  # the inspector reads this petition's events
    assert DENOUNCER not in trail


def test_confidential_documents_are_hidden_and_their_download_logged(
    client_for, commune_officer_a, province_leader, denunciation
):
    scan = SimpleUploadedFile("don-to-cao.pdf", b"%PDF-1.4 handwriting", content_type="application/pdf")
    document = petition_document_add(
        actor=commune_officer_a,
        petition_id=denunciation.pk,
        uploaded_file=scan,
        title="Bản chụp đơn tố cáo",
        doc_type="petition_scan",
    )
    assert document.confidential  # a denunciation's files are confidential like its identity
    leader = client_for(province_leader)
    leader_page = rendered(leader.get(f"/petitions/{denunciation.pk}/"))
    assert shows_the_pseudonym(leader_page, denunciation)
    assert "Bản chụp đơn tố cáo" not in leader_page
    assert leader.get(f"/petitions/{denunciation.pk}/documents/{document.pk}/").status_code == 404
    officer = client_for(commune_officer_a)
    assert "Bản chụp đơn tố cáo" in rendered(officer.get(f"/petitions/{denunciation.pk}/"))
    response = officer.get(f"/petitions/{denunciation.pk}/documents/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert identity_views(denunciation).filter(actor=commune_officer_a).exists()


def test_duplicate_hints_do_not_reveal_that_someone_denounced(client_for, commune_officer_a, denunciation):
    url = f"/petitions/new/duplicates/?people-0-full_name={DENOUNCER}&summary=cán bộ địa chính"
    provincial_intake = User.objects.get(username="tinh.tiepdan")  # may take in petitions, not assigned here
    response = client_for(provincial_intake).get(url)
    assert response.status_code == 200
    assert denunciation.register_number not in response.content.decode()
    assert denunciation.register_number in client_for(commune_officer_a).get(url).content.decode()


def test_complaint_petitioners_are_not_secret(client_for, province_leader, receive):
    complaint = receive(name="Hà Văn Công Khai")
    assert "Hà Văn Công Khai" in client_for(province_leader).get(f"/petitions/{complaint.pk}/").content.decode()


def test_the_head_assigning_a_handler_lets_them_see_the_identity(
    client_for, head, commune_officer_a, district_officer, denunciation
):
    before = rendered(client_for(district_officer).get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert shows_the_pseudonym(before, denunciation)
    assert DENOUNCER not in before
    chair = client_for(head)
    page = chair.get(f"/petitions/{denunciation.pk}/").content.decode()
    assert district_officer.full_name in page  # offered in the assignment list
    chair.post(
        f"/petitions/{denunciation.pk}/assign/",
        {"assign-assignees": [district_officer.pk], "assign-version": denunciation.version},
    )
    # Adding someone never removes the handler who already had the case.
    assert set(denunciation.assignees.all()) == {commune_officer_a, district_officer}
    assert (
        DENOUNCER in client_for(district_officer).get(f"/petitions/{denunciation.pk}/?show=identity").content.decode()
    )
    event = AuditEvent.objects.get(verb="petition.assigned", target_id=str(denunciation.pk))
    assert event.actor == head and event.payload["added"] == [district_officer.username]


def test_officials_of_a_neighbouring_commune_cannot_be_assigned(api_for, head, commune_officer_b, denunciation):
    response = api_for(head).post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [commune_officer_b.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code == 400
    assert commune_officer_b not in denunciation.assignees.all()


def test_a_handler_cannot_assign_himself_to_see_a_denouncer(api_for, client_for, commune_officer_a, denunciation):
    """The hole found in review: an in-scope handler who is not assigned assigned himself, then read the name."""
    intruder = User.objects.get(username="xa.tiepdan")  # same commune, may change petitions, not assigned
    api = api_for(intruder)
    response = api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [intruder.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code in (403, 409)
    assert set(denunciation.assignees.all()) == {commune_officer_a}  # nobody was silently removed
    shown_response = api.get(f"/api/v1/petitions/{denunciation.pk}/?show_identity=1")
    assert shown_response.status_code == 200
    shown = shown_response.json()
    assert shown["petitioners"] == [{"pseudonym": denunciation.pseudonym}]
    # The page neither offers the button nor accepts the post.
    page = rendered(client_for(intruder).get(f"/petitions/{denunciation.pk}/"))
    assert shows_the_pseudonym(page, denunciation)
    assert "assign-assignees" not in page
    asked = rendered(client_for(intruder).get(f"/petitions/{denunciation.pk}/?show=identity"))
    assert shows_the_pseudonym(asked, denunciation) and DENOUNCER not in asked
    client_for(intruder).post(
        f"/petitions/{denunciation.pk}/assign/",
        {"assign-assignees": [intruder.pk], "assign-version": denunciation.version},
    )
    assert set(denunciation.assignees.all()) == {commune_officer_a}


def test_an_assigned_handler_cannot_bring_in_others_either(api_for, commune_officer_a, district_officer, denunciation):
    response = api_for(commune_officer_a).post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [district_officer.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code == 403
    assert "thủ trưởng" in response.json()["detail"]


def test_a_deputy_designated_for_assigning_may_assign(api_for, commune_officer_a, district_officer, denunciation):
    from petitions.models import ApprovalDelegate

    deputy = User.objects.get(username="xa.thanhtra")
    ApprovalDelegate.objects.create(agency=denunciation.handling_agency, user=deputy, steps=["assign"])
    response = api_for(deputy).post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [district_officer.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code == 200
    assert set(denunciation.assignees.all()) == {commune_officer_a, district_officer}


def test_assignment_takes_the_version_so_a_second_one_does_not_overwrite(
    api_for, head, commune_officer_a, district_officer, denunciation
):
    api = api_for(head)
    seen = denunciation.version
    first = api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [district_officer.pk], "version": seen},
        format="json",
    )
    assert first.status_code == 200
    stale = api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"remove": [commune_officer_a.pk], "version": seen},
        format="json",
    )
    assert stale.status_code == 409
    assert set(denunciation.assignees.all()) == {commune_officer_a, district_officer}
    missing_version = api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/", {"remove": [commune_officer_a.pk]}, format="json"
    )
    assert missing_version.status_code == 400


def test_removing_a_handler_happens_only_when_asked(api_for, head, commune_officer_a, district_officer, denunciation):
    api = api_for(head)
    api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [district_officer.pk], "version": denunciation.version},
        format="json",
    )
    denunciation.refresh_from_db()
    response = api.post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"remove": [commune_officer_a.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code == 200
    assert set(denunciation.assignees.all()) == {district_officer}
    event = AuditEvent.objects.filter(verb="petition.assigned").latest("pk")
    assert event.actor == head and event.payload["removed"] == [commune_officer_a.username]


def _accepted_denunciation(denunciation, officer):
    from petitions.services import petition_accept, petition_classify

    petition = petition_classify(
        actor=officer,
        petition_id=denunciation.pk,
        expected_version=denunciation.version,
        qualified=True,
        within_authority=True,
    )
    return petition_accept(
        actor=officer, petition_id=petition.pk, expected_version=petition.version, accepted_on=dt.date(2026, 11, 5)
    )


def test_a_handler_cannot_make_himself_verification_lead_to_see_the_identity(api_for, commune_officer_a, denunciation):
    """The second hole: POST /api/v1/verifications/ with oneself as lead made one an assignee."""
    petition = _accepted_denunciation(denunciation, commune_officer_a)
    intruder = User.objects.get(username="xa.tiepdan")
    api = api_for(intruder)
    response = api.post(
        "/api/v1/verifications/",
        {"petition": petition.pk, "agency": petition.handling_agency_id, "lead": intruder.pk, "due_on": "2026-12-04"},
        format="json",
    )
    assert response.status_code == 403
    assert intruder not in petition.assignees.all()
    shown = api.get(f"/api/v1/petitions/{petition.pk}/?show_identity=1")
    assert shown.status_code == 200
    assert shown.json()["petitioners"] == [{"pseudonym": petition.pseudonym}]


def test_verification_team_must_come_from_the_verifying_agency_or_the_heads_scope(
    api_for, head, commune_officer_a, commune_officer_b, denunciation
):
    petition = _accepted_denunciation(denunciation, commune_officer_a)
    api = api_for(head)
    body = {"petition": petition.pk, "agency": petition.handling_agency_id, "due_on": "2026-12-04"}
    foreign = api.post("/api/v1/verifications/", {**body, "lead": commune_officer_b.pk}, format="json")
    assert foreign.status_code == 400 and commune_officer_b.full_name in foreign.json()["detail"]
    assert commune_officer_b not in petition.assignees.all()
    colleague = User.objects.get(username="xa.thanhtra")
    ok = api.post("/api/v1/verifications/", {**body, "lead": colleague.pk}, format="json")
    assert ok.status_code == 201, ok.json()
    assert colleague in petition.assignees.all()


def test_audit_trail_never_carries_a_searched_name_to_administrators(client_for, commune_officer_a, denunciation):
    """An export by the assigned handler stored `q=<the denouncer's name>` where administrators read it."""
    from urllib.parse import quote, quote_plus

    from reports.exports import export_request

    export_request(
        actor=commune_officer_a,
        unit=commune_officer_a.agency.unit,
        kind="petition-list",
        params={"querystring": f"q={quote_plus(DENOUNCER)}&kind=denunciation", "q": DENOUNCER},
    )
    forms_of_the_name = {DENOUNCER, quote(DENOUNCER), quote_plus(DENOUNCER), "luc thi bi mat", "Bí Mật"}
    requested = AuditEvent.objects.get(verb="export.requested")  # the event the search would have leaked into
    assert requested.payload["kind"] == "petition-list" and "kind=denunciation" in str(requested.payload)
    assert AuditEvent.objects.count() > 1
    for event in AuditEvent.objects.all():
        assert not any(form in str(event.payload) for form in forms_of_the_name)
    for username in ("xa.quantri", "huyen.quantri", "tinh.quantri", "admin"):
        client = client_for(User.objects.get(username=username))
        event = AuditEvent.objects.filter(verb="export.requested").latest("pk")
        urls = (
            "/audit/",
            "/audit/?verb=export.",
            "/admin/portal/auditevent/",
            "/admin/portal/auditevent/?verb=export.requested",
            f"/admin/portal/auditevent/{event.pk}/change/",
        )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            body = response.content.decode()
            if "export." in url:
                assert "export.requested" in body, (username, url)  # the event is on the page, without the name
            assert not any(form in body for form in forms_of_the_name), (username, url)


def test_filters_on_hidden_attributes_do_not_reveal_a_denouncers_ethnicity(
    api_for, commune_officer_a, province_leader, receive
):
    petition = receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo việc thu tiền trái phép",
        petitioners=[PetitionerData(full_name="Triệu Thị Kín", ethnicity="09")],
    )
    query = f"/api/v1/petitions/?kind=denunciation&ethnic_minority=true&q={petition.register_number}"
    leader = api_for(province_leader)
    all_denunciations = leader.get("/api/v1/petitions/?kind=denunciation")
    assert all_denunciations.status_code == 200
    assert petition.pk in [row["id"] for row in all_denunciations.json()["results"]]  # the leader sees it
    leader_response = leader.get("/api/v1/petitions/?kind=denunciation&ethnic_minority=true")
    assert leader_response.status_code == 200
    leader_rows = leader_response.json()
    assert petition.pk not in [row["id"] for row in leader_rows["results"]]
    officer_response = api_for(commune_officer_a).get(query)
    assert officer_response.status_code == 200
    officer_rows = officer_response.json()
    assert petition.pk in [row["id"] for row in officer_rows["results"]]


def test_saved_searches_of_others_stay_out_of_the_admin(client_for, commune_officer_a, commune_admin):
    from django.contrib.auth.models import Permission

    from petitions.models import SavedFilter

    SavedFilter.objects.create(owner=commune_officer_a, name="Tìm riêng của cán bộ", querystring=f"q={DENOUNCER}")
    SavedFilter.objects.create(owner=commune_admin, name="Của quản trị", querystring="kind=complaint")
    client = client_for(commune_admin)
    response = client.get("/admin/petitions/savedfilter/")
    assert response.status_code == 403  # administrators' roles do not open saved searches at all
    page = response.content.decode()
    assert DENOUNCER not in page
    # Even an administrator given the permission sees only his own saved searches.
    commune_admin.user_permissions.add(Permission.objects.get(codename="view_savedfilter"))
    response = client.get("/admin/petitions/savedfilter/")
    page = rendered(response)
    assert "Của quản trị" in page and response.context["cl"].result_count == 1
    assert DENOUNCER not in page and "Tìm riêng của cán bộ" not in page


def test_an_administrator_cannot_make_himself_head_or_deputy(client_for, commune_admin, denunciation):
    agency = denunciation.handling_agency
    client = client_for(commune_admin)
    client.post(
        "/admin/petitions/approvaldelegate/add/", {"agency": agency.pk, "user": commune_admin.pk, "steps": "[]"}
    )
    from petitions.models import ApprovalDelegate

    assert not ApprovalDelegate.objects.filter(user=commune_admin).exists()
    response = client.post(
        f"/admin/portal/agency/{agency.pk}/change/",
        {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "unit": agency.unit_id,
            "parent": agency.parent_id or "",
            "address": agency.address,
            "phone": agency.phone,
            "is_active": "on",
            "head": commune_admin.pk,
        },
    )
    agency.refresh_from_db()
    assert agency.head != commune_admin, response.status_code


def test_a_deputy_for_all_approval_steps_does_not_assign_unless_named(
    api_for, commune_officer_a, district_officer, denunciation
):
    from petitions.models import ApprovalDelegate

    deputy = User.objects.get(username="xa.thanhtra")
    ApprovalDelegate.objects.create(agency=denunciation.handling_agency, user=deputy, steps=[])
    response = api_for(deputy).post(
        f"/api/v1/petitions/{denunciation.pk}/assign/",
        {"assignees": [district_officer.pk], "version": denunciation.version},
        format="json",
    )
    assert response.status_code == 403
    assert set(denunciation.assignees.all()) == {commune_officer_a}


def test_the_verifying_agency_must_lie_in_the_heads_scope(api_for, head, commune_officer_a, denunciation):
    from portal.models import Agency

    petition = _accepted_denunciation(denunciation, commune_officer_a)
    neighbour = Agency.objects.filter(unit=User.objects.get(username="xa2.xulydon").agency.unit).first()
    stranger = User.objects.get(username="xa2.xulydon")
    response = api_for(head).post(
        "/api/v1/verifications/",
        {"petition": petition.pk, "agency": neighbour.pk, "lead": stranger.pk, "due_on": "2026-12-04"},
        format="json",
    )
    assert response.status_code == 400 and "phạm vi" in response.json()["detail"]
    assert stranger not in petition.assignees.all()


def test_a_commune_administrator_cannot_hand_the_head_to_someone_or_reset_the_heads_password(
    client_for, commune_admin, denunciation
):
    agency = denunciation.handling_agency
    colleague = User.objects.get(username="xa.tiepdan")
    client = client_for(commune_admin)
    client.post(
        f"/admin/portal/agency/{agency.pk}/change/",
        {
            "name": agency.name,
            "short_name": agency.short_name,
            "kind": agency.kind,
            "unit": agency.unit_id,
            "parent": agency.parent_id or "",
            "address": agency.address,
            "phone": agency.phone,
            "is_active": "on",
            "head": colleague.pk,
        },
    )
    agency.refresh_from_db()
    assert agency.head.username == "xa.lanhdao"
    head = agency.head
    response = client.post(
        f"/admin/portal/user/{head.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"},
    )
    assert response.status_code == 403
    head.refresh_from_db()
    assert not head.check_password("Mat-khau-moi-2026!")


def test_password_resets_in_the_admin_are_audited(client_for, province_admin):
    official = User.objects.get(username="xa.tiepdan")
    client_for(province_admin).post(
        f"/admin/portal/user/{official.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"},
    )
    official.refresh_from_db()
    assert official.check_password("Mat-khau-moi-2026!")
    event = AuditEvent.objects.get(verb="user.password_changed", target_id=str(official.pk))
    assert event.actor == province_admin and "Mat-khau" not in str(event.payload)
