"""The support pages: an agency logs what it delivered, the commune confirms it, leaders read the lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from support.choices import ActivityStatus
from support.models import Activity
from support.services import activity_record

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HOST = {"HTTP_HOST": "localhost"}


def test_the_agency_officer_logs_an_activity_with_a_photo_and_sends_it(client_for, health_officer, assignment, medical):
    client = client_for(health_officer)
    page = client.get(f"/support/assignments/{assignment.pk}/activities/new/", **HOST)
    assert page.status_code == 200 and 'capture="environment"' in page.content.decode()

    response = client.post(
        f"/support/assignments/{assignment.pk}/activities/new/",
        {
            "activity_type": medical.pk,
            "date": "2026-10-12",
            "description": "Khám bệnh miễn phí cho 320 người cao tuổi",
            "money_vnd": "0",
            "in_kind_vnd": "45000000",
            "beneficiaries": "320",
            "photo": SimpleUploadedFile("kham.png", PNG, content_type="image/png"),
            "submit": "1",
        },
        **HOST,
    )
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/support/activities/{activity.pk}/"
    assert activity.status == ActivityStatus.SUBMITTED and activity.files.count() == 1


def test_a_refused_activity_says_why_in_vietnamese(client_for, health_officer, assignment, medical):
    response = client_for(health_officer).post(
        f"/support/assignments/{assignment.pk}/activities/new/",
        {"activity_type": medical.pk, "date": "2026-10-12", "description": "", "money_vnd": "0", "in_kind_vnd": "0"},
        **HOST,
    )
    assert response.status_code == 400 and "Nhập nội dung hoạt động hỗ trợ." in response.content.decode()
    assert not Activity.objects.exists()


def test_the_commune_confirms_from_its_home_card(client_for, commune_leader, health_officer, assignment, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    client = client_for(commune_leader)
    home = client.get("/", **HOST).content.decode()
    assert "Hoạt động hỗ trợ chờ xã xác nhận" in home and f"?unit={assignment.commune_id}&amp;status=submitted" in home

    waiting = client.get(f"/support/activities/?unit={assignment.commune_id}&status=submitted", **HOST)
    assert f'data-activity="{activity.pk}"' in waiting.content.decode()
    response = client.post(f"/support/activities/{activity.pk}/confirm/", {"version": activity.version}, **HOST)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CONFIRMED and activity.decided_by == commune_leader


def test_returning_needs_a_reason(client_for, commune_leader, health_officer, assignment, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    client = client_for(commune_leader)
    client.post(f"/support/activities/{activity.pk}/return/", {"version": activity.version, "reason": ""}, **HOST)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    client.post(
        f"/support/activities/{activity.pk}/return/",
        {"version": activity.version, "reason": "Chưa có biên bản bàn giao"},
        **HOST,
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.RETURNED


def test_a_neighbouring_commune_cannot_open_the_activity(
    client_for, neighbour_leader, health_officer, assignment, examination
):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    client = client_for(neighbour_leader)
    assert client.get(f"/support/activities/{activity.pk}/", **HOST).status_code == 404
    assert client.post(f"/support/activities/{activity.pk}/confirm/", {}, **HOST).status_code == 404


def test_the_province_assigns_an_agency_from_the_page(client_for, danvan, department, dong_phuc, hoang_tri):
    client = client_for(danvan)
    response = client.post(
        "/support/assignments/new/",
        {
            "year": "2026",
            "agency": department.pk,
            "communes": [dong_phuc.pk, hoang_tri.pk],
            "decision_number": "125/QĐ-UBND",
            "decision_date": "2026-01-15",
        },
        **HOST,
    )
    assert response.status_code == 302
    page = client.get("/support/?year=2026", **HOST).content.decode()
    assert dong_phuc.name in page and "Xã Hoàng Trĩ" in page and "2 phân công" in page


def test_lists_cost_a_constant_number_of_queries(
    client_for, danvan, health_officer, assignment, examination, django_assert_max_num_queries
):
    for _ in range(3):
        activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    client = client_for(danvan)
    client.get("/support/", **HOST)  # warm the session and the menu
    with django_assert_max_num_queries(20):
        assert client.get("/support/", **HOST).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/support/activities/", **HOST).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(f"/support/assignments/{assignment.pk}/", **HOST).status_code == 200
