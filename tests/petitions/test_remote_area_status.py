"""A decision that makes a commune remote gives its open petitions the longer deadlines, with history."""

import datetime as dt

import pytest

from petitions.models import Petition
from portal.models import AuditEvent
from portal.unit_status import unit_status_record

pytestmark = pytest.mark.django_db


def test_a_commune_becoming_remote_moves_its_open_complaints_settlement_deadline(accepted, province_admin):
    petition = accepted()
    before = petition.settlement_due
    commune = petition.unit

    unit_status_record(actor=province_admin, unit=commune, valid_from=dt.date(2026, 11, 1), remote_area=True)

    petition.refresh_from_db()
    commune.refresh_from_db()
    assert commune.remote_area and petition.remote_area
    assert petition.settlement_due > before  # 30 → 45 days for a remote area (DOMAIN R2)
    event = AuditEvent.objects.get(verb="petition.remote_area_changed", target_id=str(petition.pk))
    assert event.before == petition.deadline.isoformat() or event.after == petition.deadline.isoformat()
    assert event.actor == province_admin


def test_a_status_that_begins_later_moves_nothing_until_its_day(accepted, province_admin):
    from portal.unit_status import unit_statuses_apply

    petition = accepted()
    due = petition.settlement_due
    unit_status_record(actor=province_admin, unit=petition.unit, valid_from=dt.date(2027, 1, 1), remote_area=True)

    petition.refresh_from_db()
    assert not petition.remote_area and petition.settlement_due == due

    assert unit_statuses_apply(on=dt.date(2027, 1, 1)) == 1  # the morning job of that day
    petition.refresh_from_db()
    assert petition.remote_area and petition.settlement_due > due
    assert unit_statuses_apply(on=dt.date(2027, 1, 1)) == 0  # idempotent


def test_a_settled_petition_keeps_the_flag_it_was_decided_under(accepted, province_admin):
    petition = accepted()
    Petition.objects.filter(pk=petition.pk).update(status="settled", settled_on=dt.date(2026, 11, 18))

    unit_status_record(actor=province_admin, unit=petition.unit, valid_from=dt.date(2026, 11, 1), remote_area=True)

    petition.refresh_from_db()
    assert not petition.remote_area
