"""The record of processing: every category with its purpose and legal basis, for inspectors and administrators."""

import pytest
from django.urls import reverse

from portal.models import AuditEvent
from privacy.models import ProcessingRecord

pytestmark = pytest.mark.django_db

CATEGORIES = {
    "petitioners",
    "denouncers",
    "reception-visitors",
    "documents",
    "subject-requests",
    "officials",
    "audit-trail",
}


def test_the_record_is_seeded_with_every_category_and_denouncers_are_sensitive():
    records = {record.code: record for record in ProcessingRecord.objects.all()}
    assert set(records) == CATEGORIES
    assert records["denouncers"].sensitive
    assert "356/2025/NĐ-CP" in records["denouncers"].legal_basis
    assert all("91/2025/QH15" in record.legal_basis for record in records.values())
    # Unverified articles are said to be so, not invented.
    assert "cần xác minh" in records["denouncers"].legal_basis


@pytest.mark.parametrize("persona", ["inspector", "province_admin"])
def test_the_record_page_lists_every_category_with_its_purpose_and_legal_basis(client_for, persona, request):
    page = client_for(request.getfixturevalue(persona)).get(reverse("privacy:records"))
    assert page.status_code == 200
    body = page.content.decode()
    for record in ProcessingRecord.objects.all():
        assert f'data-record="{record.code}"' in body
        assert record.category in body
        assert record.purpose.splitlines()[0] in body
        assert record.legal_basis.splitlines()[0] in body


def test_an_official_of_another_role_is_refused_the_record_page(client_for, commune_officer_a, reception_officer_a):
    for official in (commune_officer_a, reception_officer_a):
        assert client_for(official).get(reverse("privacy:records")).status_code == 403


def test_administrators_and_inspectors_find_it_in_the_menu(client_for, province_admin, inspector, commune_officer_a):
    url = reverse("privacy:records")
    for official in (province_admin, inspector):
        assert f'href="{url}"' in client_for(official).get("/").content.decode()
    assert f'href="{url}"' not in client_for(commune_officer_a).get("/").content.decode()


def test_an_administrator_edits_a_category_and_the_trail_says_which_fields(client_for, province_admin):
    record = ProcessingRecord.objects.get(code="officials")
    url = reverse("privacy:record-edit", args=[record.pk])
    data = {name: getattr(record, name) for name in ("category", "data_items", "purpose", "legal_basis")}
    data |= {
        "recipients": record.recipients,
        "storage": "Máy chủ của Sở Thông tin",
        "retention": record.retention,
        "version": record.version,
    }
    response = client_for(province_admin).post(url, data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.storage == "Máy chủ của Sở Thông tin" and record.updated_by == province_admin
    event = AuditEvent.objects.get(verb="privacy.record_changed")
    assert event.actor == province_admin and event.payload == {"fields": ["storage"]}


def test_an_inspector_reads_the_record_but_may_not_edit_it(client_for, inspector):
    record = ProcessingRecord.objects.get(code="officials")
    url = reverse("privacy:record-edit", args=[record.pk])
    assert client_for(inspector).get(url).status_code == 403
    assert client_for(inspector).post(url, {"storage": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(verb="privacy.record_changed").exists()
