"""The identity crawl: a denouncer's name, ID number and phone never reach an official who may not see them,
through the audit trail or any admin page, in any encoding — and each page crawled really rendered."""

import html
import unicodedata
from urllib.parse import quote, quote_plus

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from petitions.choices import Kind
from petitions.models import SavedFilter
from petitions.services import PetitionerData, petition_assign, petition_document_add, petitions_mark_overdue
from portal.models import AuditEvent, Notification, User
from reports.exports import export_request
from tests.portal.test_route_access import dong_phuc  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

NAME, ID_NUMBER, PHONE = "Lưu Thị Ẩn Danh", "006199011223", "0977123456"


def encodings(text: str) -> set[str]:
    """Every form in which the text could leak: raw, escaped, URL-encoded, NFC/NFD, without accents."""
    unaccented = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    unaccented = unaccented.replace("Đ", "D").replace("đ", "d")
    forms = {text, unicodedata.normalize("NFD", text), unaccented, unaccented.lower()}
    forms |= {html.escape(f) for f in list(forms)} | {quote(f) for f in list(forms)}
    forms |= {quote_plus(f) for f in list(forms)}
    forms |= {f.encode("unicode_escape").decode() for f in list(forms)}  # as JSON shows non-ASCII
    return forms


SECRETS = encodings(NAME) | {ID_NUMBER, PHONE}


@pytest.fixture
def trail(receive, commune_officer_a, client_for):
    """A denunciation whose handling left every kind of trace: searches, exports, a saved filter, a document,
    identity looks, an assignment and overdue notifications."""
    petition = receive(
        kind=Kind.DENUNCIATION,
        summary="Tố cáo việc thu tiền trái phép khi cấp giấy chứng nhận",
        petitioners=[PetitionerData(full_name=NAME, id_number=ID_NUMBER, phone=PHONE, address="Thôn Nà Bản")],
    )
    client = client_for(commune_officer_a)
    client.get(f"/petitions/?q={quote_plus(NAME)}")
    client.get(f"/petitions/{petition.pk}/?show=identity")
    export_request(
        actor=commune_officer_a,
        unit=commune_officer_a.agency.unit,
        kind="petition-list",
        params={"querystring": f"q={quote_plus(NAME)}&kind=denunciation"},
    )
    SavedFilter.objects.create(owner=commune_officer_a, name="Theo dõi riêng", querystring=f"q={quote(NAME)}")
    petition_document_add(
        actor=commune_officer_a,
        petition_id=petition.pk,
        uploaded_file=SimpleUploadedFile("don.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
        title="Bản chụp đơn",
        doc_type="petition_scan",
    )
    head = User.objects.get(username="xa.lanhdao")
    petition.refresh_from_db()
    petition_assign(
        actor=head,
        petition_id=petition.pk,
        expected_version=petition.version,
        add=[User.objects.get(username="huyen.xulydon")],
    )
    import datetime as dt

    petitions_mark_overdue(on=dt.date(2026, 12, 31))
    return petition


def _admin_urls() -> list[str]:
    urls = ["/admin/"]
    for model in admin.site._registry:
        try:
            urls.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
        except NoReverseMatch:
            continue
    return urls


def _change_urls(petition) -> list[str]:
    urls = [f"/admin/petitions/petition/{petition.pk}/change/"]
    urls += [f"/admin/portal/auditevent/{pk}/change/" for pk in AuditEvent.objects.values_list("pk", flat=True)]
    urls += [f"/admin/portal/notification/{pk}/change/" for pk in Notification.objects.values_list("pk", flat=True)]
    urls += [f"/admin/petitions/savedfilter/{pk}/change/" for pk in SavedFilter.objects.values_list("pk", flat=True)]
    return urls


def test_no_unauthorised_official_meets_the_identity_in_the_audit_trail_or_the_admin(trail, client):
    allowed = {"xa.xulydon", "xa.lanhdao", "huyen.xulydon"}  # the assigned and the head
    officials = User.objects.filter(is_active=True, agency__isnull=False).exclude(username__in=allowed)
    assert officials.count() >= 20
    rendered = 0
    trail_pages = set()  # (official, url) where the trail's own events were on the page crawled
    # The first page of the audit trail holds the newest events of the whole scope; filtered by verb,
    # it holds the trail's events too.
    audit_pages = ["/audit/", "/audit/?verb=petition.", "/audit/?verb=export."]
    for official in officials:
        client.force_login(official)
        for url in [*audit_pages, "/notifications/", "/", *_admin_urls(), *_change_urls(trail)]:
            response = client.get(url)
            assert response.status_code < 500, (official.username, url)
            if response.status_code != 200:
                continue
            rendered += 1
            body = response.content.decode()
            leaked = [s for s in SECRETS if s in body]
            assert not leaked, (official.username, url, leaked[:3])
            if url in audit_pages and trail.register_number in body:
                trail_pages.add((official.username, url))
    assert rendered > 200  # the crawl really read pages: administrators open the audit trail and admin lists
    # Inspectors and administrators of the commune, district and province read the trail's events.
    readers = {username for username, url in trail_pages if url == "/audit/?verb=petition."}
    assert {"xa.thanhtra", "xa.quantri", "huyen.quantri", "tinh.quantri", "tinh.thanhtra"} <= readers, readers


def test_the_audit_trail_itself_holds_no_identity(trail):
    verbs = set(AuditEvent.objects.filter(target_id=str(trail.pk)).values_list("verb", flat=True))
    assert {"petition.received", "petition.identity_viewed", "petition.assigned"} <= verbs  # events to read
    assert AuditEvent.objects.filter(verb="export.requested").exists()
    for event in AuditEvent.objects.all():
        stored = f"{event.payload} {event.target_repr} {event.before} {event.after}"
        assert not [s for s in SECRETS if s in stored], event.verb


# --- Every page, API answer and export ------------------------------------------------------------------------

# Officials of every role who neither handle the denunciation nor head the agency settling it.
UNAUTHORISED = ["xa.tiepdan", "xa.danvan", "xa.cchc", "xa.thanhtra", "xa.quantri"]
UNAUTHORISED += ["huyen.lanhdao", "tinh.thanhtra"]  # a leader and an inspector above: the scope is wider there


def _get_routes():
    from tests.portal.test_permission_matrix import MATRIX_ROUTES, _method

    return [route for route in MATRIX_ROUTES if _method(route) == "get" and route.name != "logout"]


def _searches(url: str) -> list[tuple[str, str]]:
    """A list is asked plain and searched for the denouncer as an official would type it (with what was typed)."""
    return [(url, "")] + [(f"{url}?q={quote_plus(term)}", term) for term in (NAME, ID_NUMBER)]


@pytest.fixture
def every_kind_of_row(dong_phuc, trail):  # noqa: F811
    """Rows of every scoped kind in Đồng Phúc (test_route_access) with the denunciation as the petition asked for."""
    document = trail.documents.first()
    province = dong_phuc["unit"].parent.parent
    return {**dong_phuc, "petition": trail, "document": document or dong_phuc["document"], "province": province}


def test_no_unauthorised_official_meets_the_identity_on_any_page_api_answer_or_export(
    every_kind_of_row, client, caplog, django_capture_on_commit_callbacks, settings
):
    from openpyxl import load_workbook

    from reports import registry
    from reports.models import ExportJob
    from tests.portal.test_permission_matrix import _values
    from tests.portal.test_route_access import url_of

    settings.PUBLIC_REQUESTS_PER_MINUTE = 10**6
    routes = _get_routes()
    assert len(routes) > 150
    rendered, pages = 0, set()
    for username in UNAUTHORISED:
        official = User.objects.select_related("agency__unit").get(username=username)
        client.force_login(official)
        for route in routes:
            url = url_of(route, **_values(route, every_kind_of_row)) if route.kwargs else url_of(route)
            for asked, typed in _searches(url) if not route.kwargs else [(url, "")]:
                response = client.get(asked, HTTP_ACCEPT="application/json" if route.is_api else "text/html")
                assert response.status_code < 500, (username, asked)
                if response.status_code != 200:
                    continue
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if response["Content-Type"].startswith(("text/", "application/json")):
                    text = body.decode()
                    # A page may repeat what its reader typed; it must not find the denunciation by it.
                    leaked = [s for s in SECRETS - (encodings(typed) if typed else set()) if s in text]
                    assert not leaked, (username, asked, leaked[:3])
                    number = every_kind_of_row["petition"].register_number
                    if typed and number in text:  # found by the identity, unless the list ignores `q` altogether
                        ignored = client.get(f"{url}?q=khongcoai", HTTP_ACCEPT=response["Content-Type"])
                        assert number in ignored.content.decode(), (username, asked, "found by the identity")
                    rendered += 1
                    pages.add(route.name)
        for key, export in registry.exports().items():
            params = {"period": "2026"} if export.per_period else {"querystring": f"q={quote_plus(NAME)}"}
            with django_capture_on_commit_callbacks(execute=True):
                job = export_request(actor=official, unit=official.agency.unit, kind=key, params=params)
            job = ExportJob.objects.get(pk=job.pk)
            if not job.file:
                continue
            with job.file.open("rb") as handle:
                workbook = load_workbook(handle, read_only=True)
                cells = " ".join(
                    str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row
                )
            typed = set() if export.per_period else encodings(NAME)  # a list's workbook names the filter it was asked
            assert not [s for s in SECRETS - typed if s in cells], (username, key)
            pages.add(f"export:{key}")
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert not [s for s in SECRETS if s in logged]
    # The crawl read real pages: the denunciation's own page and lists, the API, the exports.
    assert rendered > 700, rendered
    assert {"petitions:list", "api:petition-list", "reports:dashboard", "audit-list"} <= pages
    assert any(name.startswith("export:") for name in pages)
