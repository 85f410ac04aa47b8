"""The data-subject request log: scoped to the unit, filtered by overdue, every change audited."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from portal.models import AuditEvent
from privacy.models import DataSubjectRequest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_a_request_is_logged_with_its_due_date_and_audited_without_the_name(client_for, reception_officer_a, settings):
    settings.PRIVACY_REQUEST_DAYS = 15
    response = client_for(reception_officer_a).post(
        reverse("privacy:request-new"),
        {
            "unit": reception_officer_a.agency.unit.pk,
            "right": "delete",
            "requester_name": "Lường Thị Khuyên",
            "requester_contact": "0913000111",
            "details": "Xin xóa số điện thoại cũ",
            "received_on": "2026-11-18",
        },
    )
    found = DataSubjectRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("privacy:request", args=[found.pk])
    assert found.due_on == dt.date(2026, 12, 3) and found.status == "open"
    event = AuditEvent.objects.get(verb="privacy.request_created")
    assert event.actor == reception_officer_a and event.unit == reception_officer_a.agency.unit
    assert "Lường Thị Khuyên" not in str(event.payload) + event.target_repr
    assert "0913000111" not in str(event.payload) + event.target_repr


def test_closing_a_request_records_who_answered_how_and_when(client_for, commune_officer_a, subject_request):
    found = subject_request()
    response = client_for(commune_officer_a).post(
        reverse("privacy:request-close", args=[found.pk]),
        {"outcome": "fulfilled", "outcome_note": "Đã cung cấp bản sao", "closed_on": "2026-11-20"},
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert (found.status, found.outcome, found.closed_on) == ("closed", "fulfilled", dt.date(2026, 11, 20))
    assert found.handled_by == commune_officer_a
    event = AuditEvent.objects.get(verb="privacy.request_closed")
    assert (event.before, event.after, event.payload["outcome"]) == ("open", "closed", "fulfilled")
    # Closed stays closed: a second answer is refused and writes nothing.
    client_for(commune_officer_a).post(
        reverse("privacy:request-close", args=[found.pk]), {"outcome": "refused", "closed_on": "2026-11-20"}
    )
    found.refresh_from_db()
    assert found.outcome == "fulfilled"
    assert AuditEvent.objects.filter(verb="privacy.request_closed").count() == 1


def test_a_refusal_needs_its_reason(client_for, commune_officer_a, subject_request):
    found = subject_request()
    client_for(commune_officer_a).post(
        reverse("privacy:request-close", args=[found.pk]), {"outcome": "refused", "closed_on": "2026-11-20"}
    )
    found.refresh_from_db()
    assert found.status == "open"


def test_an_official_of_another_commune_gets_404(client_for, commune_officer_b, subject_request):
    found = subject_request()
    client = client_for(commune_officer_b)
    assert client.get(reverse("privacy:request", args=[found.pk])).status_code == 404
    close = reverse("privacy:request-close", args=[found.pk])
    assert client.post(close, {"outcome": "fulfilled", "closed_on": "2026-11-20"}).status_code == 404
    body = client.get(reverse("privacy:requests")).content.decode()
    assert "Lường Thị Khuyên" not in body
    found.refresh_from_db()
    assert found.status == "open"
    assert not AuditEvent.objects.filter(verb="privacy.request_closed").exists()


def test_the_district_sees_its_communes_requests(client_for, district_officer, subject_request):
    subject_request()
    assert "Lường Thị Khuyên" in client_for(district_officer).get(reverse("privacy:requests")).content.decode()


def test_the_overdue_filter_lists_open_requests_past_their_due_date(client_for, commune_officer_a, subject_request):
    late = subject_request(received_on=dt.date(2026, 10, 1), name="Hà Văn Trễ")
    subject_request(received_on=dt.date(2026, 11, 16), name="Ma Thị Kịp")
    answered = subject_request(received_on=dt.date(2026, 10, 2), name="Triệu Văn Xong")
    DataSubjectRequest.objects.filter(pk=answered.pk).update(
        status="closed", outcome="fulfilled", closed_on=dt.date(2026, 10, 10)
    )
    client = client_for(commune_officer_a)
    body = client.get(reverse("privacy:requests"), {"overdue": "yes"}).content.decode()
    assert "Hà Văn Trễ" in body and "Ma Thị Kịp" not in body and "Triệu Văn Xong" not in body
    assert f'data-request="{late.pk}"' in body
    body = client.get(reverse("privacy:requests"), {"overdue": "no"}).content.decode()
    assert "Hà Văn Trễ" not in body and "Ma Thị Kịp" in body and "Triệu Văn Xong" in body
    body = client.get(reverse("privacy:requests"), {"status": "closed", "right": "access"}).content.decode()
    assert "Triệu Văn Xong" in body and "Ma Thị Kịp" not in body


def test_the_log_is_paginated(client_for, commune_officer_a, subject_request):
    for day in range(1, 28):
        subject_request(received_on=dt.date(2026, 10, day), name=f"Người số {day:02d}")
    client = client_for(commune_officer_a)
    first = client.get(reverse("privacy:requests")).content.decode()
    second = client.get(reverse("privacy:requests"), {"page": 2}).content.decode()
    assert first.count("data-request=") == 25 and second.count("data-request=") == 2
    assert "Người số 01" in second and "Người số 01" not in first


def test_officials_without_the_request_role_are_refused(client_for, department_officer):
    assert client_for(department_officer).get(reverse("privacy:requests")).status_code == 403
    assert client_for(department_officer).get(reverse("privacy:request-new")).status_code == 403


def test_the_list_costs_a_bounded_number_of_queries(
    client_for, commune_officer_a, subject_request, django_assert_max_num_queries
):
    for day in range(1, 11):
        subject_request(received_on=dt.date(2026, 10, day))
    client = client_for(commune_officer_a)
    client.get(reverse("privacy:requests"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("privacy:requests")).status_code == 200


def test_a_request_cannot_be_logged_for_a_unit_outside_the_officials_scope(commune_officer_a, commune_officer_b):
    from portal.services import NotFound
    from privacy.services import subject_request_create

    with pytest.raises(NotFound):
        subject_request_create(
            actor=commune_officer_b, unit=commune_officer_a.agency.unit, right="access", requester_name="Hà Văn A"
        )
    assert not DataSubjectRequest.objects.exists()
    assert not AuditEvent.objects.filter(verb="privacy.request_created").exists()
