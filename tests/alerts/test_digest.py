"""The weekly digest: one email per following official per ISO week, whatever the number of runs."""

import datetime as dt
from smtplib import SMTPException

import pytest
from django.core import mail

from alerts.choices import ConditionKind
from alerts.models import Digest
from alerts.services import alerts_check, digest_send, follow_unit
from alerts.tasks import digest_send_task
from tests.alerts.conftest import TODAY, petitions, reception, reform

pytestmark = pytest.mark.django_db

OVERDUE = ConditionKind.OVERDUE_ABOVE


@pytest.fixture
def leaders(commune_leader, district_leader, dong_phuc, ba_be, quiet):
    """Two leaders with email addresses: the commune chair follows her commune, the district's follows both."""
    for leader, address in (
        (commune_leader, "chutich.dongphuc@example.invalid"),
        (district_leader, "ba.be@example.invalid"),
    ):
        leader.email = address
        leader.save(update_fields=["email"])
    quiet(dong_phuc)
    quiet(ba_be)
    follow_unit(actor=commune_leader, unit=dong_phuc, conditions={OVERDUE: 5})
    follow_unit(actor=district_leader, unit=ba_be, conditions={})
    follow_unit(actor=district_leader, unit=dong_phuc, conditions={ConditionKind.REFORM_OVERDUE: None})
    return commune_leader, district_leader


def test_one_email_per_following_official(leaders):
    counts = digest_send(today=TODAY)

    assert counts == {"sent": 2, "already_sent": 0, "no_address": 0, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == ["ba.be@example.invalid", "chutich.dongphuc@example.invalid"]
    assert set(Digest.objects.values_list("week", flat=True)) == {"2026-W47"}


def test_running_twice_in_a_week_sends_nothing_new(leaders):
    digest_send(today=TODAY)
    again = digest_send(today=TODAY + dt.timedelta(days=2))  # Sunday, still week 47

    assert again["sent"] == 0 and again["already_sent"] == 2
    assert len(mail.outbox) == 2


def test_the_next_week_brings_the_next_digest(leaders):
    digest_send(today=TODAY)
    digest_send(today=TODAY + dt.timedelta(days=3))  # Monday of week 48

    assert len(mail.outbox) == 4


def test_the_digest_summarises_each_followed_unit_and_its_active_alerts(leaders, dong_phuc, ba_be, snapshot):
    _commune_leader, district_leader = leaders
    snapshot("petitions", dong_phuc, **petitions(rate=80.0, settled=8, must_settle=10, overdue=2))
    snapshot("reception", dong_phuc, **reception(required=4, counted=3))
    snapshot("reform", dong_phuc, **reform(overdue=1, planned=12, completed=7))
    alerts_check(today=TODAY)

    digest_send(today=TODAY)

    (message,) = [m for m in mail.outbox if m.to == [district_leader.email]]
    assert message.subject == "Bản tin tuần 2026-W47: 2 đơn vị đồng chí theo dõi"
    body = message.body
    assert f"== {dong_phuc.name} ==" in body and f"== {ba_be.name} ==" in body
    assert "Đơn thư: tỷ lệ giải quyết 80,00% (8/10 vụ việc), chỉ tiêu 85%; 2 vụ việc quá hạn chưa giải quyết." in body
    assert "Tiếp công dân: thủ trưởng tiếp 3/4 ngày theo quy định." in body
    assert "Cải cách hành chính: hoàn thành 7/12 nhiệm vụ; 1 nhiệm vụ quá hạn." in body
    assert "Cảnh báo đang có:" in body and "1 nhiệm vụ cải cách hành chính đang thực hiện quá hạn" in body
    assert f"http://localhost:8000/dashboard/{dong_phuc.pk}/" in body
    assert "http://localhost:8000/alerts/" in body


def test_no_digest_for_follows_with_the_digest_off(leaders, commune_leader, dong_phuc):
    from alerts.services import set_conditions

    follow = commune_leader.alert_follows.get(unit=dong_phuc)
    set_conditions(actor=commune_leader, follow=follow, conditions={OVERDUE: 5}, weekly_digest=False)

    digest_send(today=TODAY)

    assert [m.to for m in mail.outbox] == [["ba.be@example.invalid"]]


def test_an_official_without_an_email_address_is_counted_and_sent_later(leaders, commune_leader):
    commune_leader.email = ""
    commune_leader.save(update_fields=["email"])

    assert digest_send(today=TODAY)["no_address"] == 1
    commune_leader.email = "chutich.dongphuc@example.invalid"
    commune_leader.save(update_fields=["email"])
    assert digest_send(today=TODAY)["sent"] == 1  # the same week, once the address is known
    assert len(mail.outbox) == 2


def test_a_failed_send_leaves_no_mark_so_the_retry_sends_it(leaders, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(self.to)
        if len(calls) == 1:
            raise SMTPException("mail server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(SMTPException):
        digest_send(today=TODAY)
    assert Digest.objects.count() == 1 and len(mail.outbox) == 1  # the other official got theirs

    assert digest_send(today=TODAY)["sent"] == 1
    assert Digest.objects.count() == 2 and len(mail.outbox) == 2


def test_the_beat_task_sends_the_weeks_digest_once(leaders):
    digest_send_task.delay()
    digest_send_task.delay()

    assert len(mail.outbox) == 2
