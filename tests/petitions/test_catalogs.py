"""Shared catalogs: administrators keep labels, order and dates in force; pickers and pages follow."""

import datetime as dt

import pytest

from petitions.forms import DocumentForm, IntakeForm
from petitions.models import Petition
from portal.models import CatalogEntry
from reception.forms import VisitForm

pytestmark = pytest.mark.django_db


def test_a_retired_entry_is_no_longer_offered_but_old_records_still_read(client_for, commune_officer_a):
    CatalogEntry.objects.filter(catalog="petition_source", code="transfer").update(valid_to=dt.date(2020, 1, 1))
    assert "transfer" not in dict(IntakeForm().fields["channel"].choices)
    assert "mail" in dict(IntakeForm().fields["channel"].choices)


def test_a_renamed_entry_reads_with_its_new_label_everywhere(client_for, receive):
    for catalog, code, label in (
        ("petition_source", "mail", "Qua đường bưu điện"),
        ("document_type", "minutes", "Biên bản làm việc"),
    ):
        entry = CatalogEntry.objects.get(catalog=catalog, code=code)
        entry.label = label
        entry.save()  # as the admin does; the cached labels are dropped
    assert dict(IntakeForm().fields["channel"].choices)["mail"] == "Qua đường bưu điện"
    assert dict(DocumentForm().fields["doc_type"].choices)["minutes"] == "Biên bản làm việc"
    petition = receive()
    page = client_for(petition.created_by).get(f"/petitions/{petition.pk}/").content.decode()
    assert "Qua đường bưu điện" in page


def test_refusal_grounds_follow_the_catalog():
    CatalogEntry.objects.filter(catalog="refusal_ground", code="other_law").update(is_active=False)
    offered = dict(VisitForm().fields["refusal_ground"].choices)
    assert "other_law" not in offered and "settled_repeat" in offered


def test_content_sub_fields_are_recorded_under_their_field(client_for, commune_officer_a):
    from tests.petitions.test_views import intake_data

    assert ("compensation", "Đất đai, nhà cửa › Bồi thường, hỗ trợ, tái định cư") in IntakeForm().fields[
        "subfield"
    ].choices
    client = client_for(commune_officer_a)
    client.post("/petitions/new/", intake_data(field="land_housing", subfield="compensation"))
    petition = Petition.objects.get()
    assert petition.subfield == "compensation"
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert "Bồi thường, hỗ trợ, tái định cư" in page
    response = client.post("/petitions/new/", intake_data(field="policy", subfield="compensation"))
    assert "không thuộc lĩnh vực" in response.content.decode()


def test_administrators_edit_catalogs_in_the_admin_with_the_audit_trail(client_for, admin):
    from portal.models import AuditEvent

    entry = CatalogEntry.objects.get(catalog="verification_step", code="dialogue")
    response = client_for(admin).post(
        f"/admin/portal/catalogentry/{entry.pk}/change/",
        {
            "catalog": "verification_step",
            "code": "dialogue",
            "label": "Đối thoại",
            "order": 6,
            "valid_from": "",
            "valid_to": "2026-12-31",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="catalogentry.changed", target_id=str(entry.pk)).exists()
