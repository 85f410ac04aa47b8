import datetime as dt

import pytest

from petitions.models import Petition
from petitions.tasks import mark_overdue_task, recompute_deadlines_task
from portal.models import CalendarDay, Notification, User

pytestmark = pytest.mark.django_db


def test_overdue_sweep_marks_and_notifies_once_even_when_run_twice(receive, commune_officer_a):
    late = receive(received_on=dt.date(2026, 10, 1))
    receive(received_on=dt.date(2026, 11, 19))
    assert mark_overdue_task.delay().get() == 1
    assert mark_overdue_task.delay().get() == 0
    late.refresh_from_db()
    assert late.overdue_since == late.deadline + dt.timedelta(days=1)
    recipients = set(Notification.objects.filter(verb="petition.overdue").values_list("recipient__username", flat=True))
    assert recipients == {"xa.xulydon", "xa.lanhdao"}  # the handler and the head of the commune committee
    assert Notification.objects.filter(verb="petition.overdue").count() == 2


def test_notified_officials_see_it_in_their_inbox(receive, client_for):
    receive(received_on=dt.date(2026, 10, 1))
    mark_overdue_task.delay()
    head = User.objects.get(username="xa.lanhdao")
    client = client_for(head)
    assert 'class="badge"' in client.get("/").content.decode()
    assert "đã quá hạn" in client.get("/notifications/").content.decode()
    assert 'class="badge"' not in client.get("/").content.decode()  # read once opened


def test_a_new_day_off_moves_open_deadlines_after_recompute(receive):
    petition = receive(received_on=dt.date(2026, 11, 18))
    assert petition.notice_due == dt.date(2026, 12, 3)  # 10 working days after Wed 18 Nov (24 Nov is a holiday)
    CalendarDay.objects.create(date=dt.date(2026, 11, 27), is_working_day=False, note="Nghỉ bù theo quyết định")
    assert recompute_deadlines_task.delay().get() >= 1
    petition.refresh_from_db()
    assert petition.notice_due == dt.date(2026, 12, 4)
    assert recompute_deadlines_task.delay().get() == 0  # nothing left to change: safe to repeat


def test_calendar_change_in_the_admin_schedules_the_recompute(client_for, admin, receive):
    petition = receive(received_on=dt.date(2026, 11, 18))
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(admin).post(
            "/admin/portal/calendarday/add/", {"date": "2026-11-27", "is_working_day": "", "note": "Nghỉ đột xuất"}
        )
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).notice_due == dt.date(2026, 12, 4)
