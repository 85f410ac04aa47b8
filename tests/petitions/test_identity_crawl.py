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
