"""Heads are reminded of their personal reception days before the month runs out (reception/tasks.py)."""

import datetime as dt

import pytest

from portal.models import Agency, Notification
from reception.choices import ReceivedBy
from reception.models import ReceptionSession
from reception.services import duty_reminders_send
from reception.tasks import send_duty_reminders_task
from tests.reception.conftest import visit

pytestmark = pytest.mark.django_db

LATE_NOVEMBER = dt.date(2026, 11, 23)  # Mon: 23, 25, 26, 27 and 30 Nov are the 5 working days left (24th: Culture Day)
MID_NOVEMBER = dt.date(2026, 11, 10)


@pytest.fixture
def committee(reception_officer):
    """Xã Đồng Phúc's People's Committee, with no reception day of its head in November 2026."""
    agency = Agency.objects.select_related("head", "unit").get(pk=reception_officer.agency_id)
    assert agency.head is not None
    ReceptionSession.objects.filter(agency=agency, date__year=2026, date__month=11).delete()
    return agency


def reminders(user):
    return list(Notification.objects.filter(recipient=user, verb="reception.duty_reminder"))


def test_a_head_who_has_not_received_citizens_is_reminded_when_five_working_days_remain(committee, client_for):
    duty_reminders_send(on=LATE_NOVEMBER)

    (note,) = reminders(committee.head)
    assert "0/2 ngày" in note.message and "còn 5 ngày làm việc đến hết ngày 30/11/2026" in note.message
    assert note.url == f"/reception/duty/{committee.pk}/"
    assert client_for(committee.head).get(note.url).status_code == 200  # the link opens the head's calendar


def test_the_reminder_is_sent_once_per_month_however_often_the_sweep_runs(committee):
    duty_reminders_send(on=LATE_NOVEMBER)
    duty_reminders_send(on=LATE_NOVEMBER + dt.timedelta(days=1))
    send_duty_reminders_task.delay()  # the daily job, on today's date (20 Nov: too early to remind)

    assert len(reminders(committee.head)) == 1


def test_no_reminder_early_in_the_month(committee):
    duty_reminders_send(on=MID_NOVEMBER)
    assert reminders(committee.head) == []


def test_no_reminder_once_the_duty_is_met(committee, reception_officer):
    from reception.services import reception_session_record

    for day in (dt.date(2026, 11, 5), dt.date(2026, 11, 12)):
        reception_session_record(
            actor=reception_officer,
            agency=committee,
            date=day,
            kind="periodic",
            received_by=ReceivedBy.HEAD,
            receiver_name=committee.head.get_full_name() or "Chủ tịch UBND xã",
            receiver=committee.head,
            visits=[visit()],
        )

    duty_reminders_send(on=LATE_NOVEMBER)
    assert reminders(committee.head) == []
