"""Assigning agencies to communes, their plans, and activities that count once the commune confirms them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import AuditEvent
from portal.services import DomainError, NotFound, NotPermitted
from support.choices import ActivityStatus
from support.models import Activity, Assignment
from support.services import (
    activity_confirm,
    activity_record,
    activity_return,
    activity_submit,
    assignment_create,
    assignment_end,
    assignment_reassign,
    plan_item_save,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_a_reassignment_ends_the_old_assignment_and_keeps_it(danvan, assignment, other_department):
    new = assignment_reassign(
        actor=danvan,
        assignment=assignment,
        agency=other_department,
        starts_on=dt.date(2026, 7, 1),
        decision_number="410/QĐ-UBND",
        decision_date=dt.date(2026, 6, 20),
    )

    assignment.refresh_from_db()
    assert assignment.ends_on == dt.date(2026, 6, 30) and "410/QĐ-UBND" in assignment.end_reason
    assert new.previous == assignment and new.commune == assignment.commune
    in_force = Assignment.objects.in_force(dt.date(2026, 8, 1)).filter(commune=assignment.commune)
    assert list(in_force) == [new]
    assert list(Assignment.objects.in_force(dt.date(2026, 3, 1)).filter(commune=assignment.commune)) == [assignment]
    assert AuditEvent.objects.filter(verb="support.assignment_reassigned", target_id=str(new.pk)).exists()


def test_only_a_governing_body_above_the_commune_assigns(commune_leader, health_officer, department, dong_phuc):
    for official in (commune_leader, health_officer):  # the commune itself; a department
        with pytest.raises(NotPermitted):
            assignment_create(
                actor=official,
                year=2026,
                agency=department,
                communes=[dong_phuc],
                decision_number="1/QĐ",
                decision_date=dt.date(2026, 1, 2),
            )


def test_the_same_agency_is_not_assigned_twice_to_a_commune_in_a_year(danvan, assignment, department, dong_phuc):
    with pytest.raises(DomainError, match="đã được phân công hỗ trợ"):
        assignment_create(
            actor=danvan,
            year=2026,
            agency=department,
            communes=[dong_phuc],
            decision_number="126/QĐ-UBND",
            decision_date=dt.date(2026, 2, 1),
        )


def test_the_assigned_agency_writes_its_plan_and_no_other(assignment, health_officer, school_officer, medical):
    item = plan_item_save(
        actor=health_officer,
        assignment=assignment,
        activity_type=medical,
        target="Khám bệnh miễn phí cho 1.000 người",
        planned_value_vnd=150_000_000,
        people_to_reach=1000,
    )
    assert item.assignment == assignment and item.planned_value_vnd == 150_000_000
    with pytest.raises(NotFound):  # another department does not even see the assignment
        plan_item_save(actor=school_officer, assignment=assignment, activity_type=medical, target="x")


def test_an_activity_counts_only_once_the_commune_confirms_it(assignment, health_officer, commune_leader, examination):
    photo = SimpleUploadedFile("kham-benh.png", PNG, content_type="image/png")
    activity = activity_record(
        actor=health_officer, assignment=assignment, data=examination(), photos=[photo], submit=True
    )
    assert activity.status == ActivityStatus.SUBMITTED and activity.files.count() == 1
    assert not Activity.objects.confirmed().exists()

    activity_confirm(actor=commune_leader, activity=activity, version=activity.version)

    confirmed = Activity.objects.confirmed().get()
    assert confirmed.decided_by == commune_leader and confirmed.value_vnd == 45_000_000


def test_a_returned_activity_is_corrected_and_sent_again(assignment, health_officer, commune_leader, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    activity_return(actor=commune_leader, activity=activity, reason="Số người khám chưa đúng: 230 người")

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.RETURNED and activity.return_reason.startswith("Số người")
    corrected = activity_record(
        actor=health_officer,
        assignment=assignment,
        activity=activity,
        version=activity.version,
        data=examination(quantity=230, beneficiaries=230, beneficiaries_ethnic_minority=200),
        submit=True,
    )
    assert corrected.status == ActivityStatus.SUBMITTED and corrected.beneficiaries == 230


def test_only_the_commune_that_received_it_confirms(assignment, health_officer, neighbour_leader, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    with pytest.raises((NotPermitted, NotFound)):
        activity_confirm(actor=neighbour_leader, activity=activity)
    with pytest.raises(NotPermitted):
        activity_confirm(actor=health_officer, activity=activity)  # the agency cannot confirm its own report


def test_a_sent_activity_cannot_be_rewritten(assignment, health_officer, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination(), submit=True)
    with pytest.raises(DomainError, match="không sửa được nữa"):
        activity_record(actor=health_officer, assignment=assignment, activity=activity, data=examination())


def test_an_activity_is_dated_within_the_assignment(assignment, health_officer, examination):
    with pytest.raises(DomainError, match="trong thời gian cơ quan phụ trách xã"):
        activity_record(actor=health_officer, assignment=assignment, data=examination(date=dt.date(2025, 12, 1)))
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        activity_record(actor=health_officer, assignment=assignment, data=examination(date=dt.date(2026, 12, 1)))


def test_beneficiary_parts_do_not_exceed_the_total(assignment, health_officer, examination):
    with pytest.raises(DomainError, match="nữ không được lớn hơn"):
        activity_record(
            actor=health_officer, assignment=assignment, data=examination(beneficiaries=10, beneficiaries_female=11)
        )


def test_a_photo_must_be_an_image(assignment, health_officer, examination):
    text = SimpleUploadedFile("bien-ban.txt", b"Bien ban ban giao", content_type="text/plain")
    with pytest.raises(DomainError, match="Ảnh phải là tệp"):
        activity_record(actor=health_officer, assignment=assignment, data=examination(), photos=[text])
    assert not Activity.objects.exists()  # nothing half-written


def test_an_ended_assignment_takes_no_activity_after_its_end(danvan, assignment, health_officer, examination):
    assignment_end(actor=danvan, assignment=assignment, on=dt.date(2026, 9, 30), reason="Sáp nhập cơ quan")
    with pytest.raises(DomainError, match="trong thời gian"):
        activity_record(actor=health_officer, assignment=assignment, data=examination(date=dt.date(2026, 10, 12)))


def test_who_sees_which_assignments(
    assignment, health_officer, school_officer, commune_leader, neighbour_leader, danvan
):
    visible = {
        official.username: Assignment.objects.visible_to(official).filter(pk=assignment.pk).exists()
        for official in (health_officer, school_officer, commune_leader, neighbour_leader, danvan)
    }
    assert visible == {
        "syt.hotro": True,  # the assigned agency
        "sgd.hotro": False,  # another department of the province
        "xa.lanhdao": True,  # the commune itself
        "xa2.lanhdao": False,  # its neighbour
        "tinh.danvan": True,  # the province's mass-mobilization board
    }


def test_submitting_twice_is_refused(assignment, health_officer, examination):
    activity = activity_record(actor=health_officer, assignment=assignment, data=examination())
    activity_submit(actor=health_officer, activity=activity)
    with pytest.raises(DomainError, match="đã được gửi"):
        activity_submit(actor=health_officer, activity=activity)
