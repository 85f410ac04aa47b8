"""Editing or withdrawing a registration refreshes the stored funnel figures it moved: those of the month it was
registered in (not today's), for the unit it left as well as the one it now belongs to."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from models_registry.models import MobilizationModel
from models_registry.services import model_create, model_return, model_submit, model_update, model_withdraw
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_refresh
from tests.models_registry.conftest import FORCES, complete_self_assessment, model_data

pytestmark = pytest.mark.django_db

REGISTERED_ON = dt.date(2026, 10, 25)
OCTOBER = parse_period(period="2026-10")


@pytest.fixture(autouse=True)
def frozen_today():
    """20 November 2026: the round opened on 21 October; the model was registered in October."""
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def announced(monkeypatch):
    """The (unit id, day) pairs each service call announced (portal.changes), one set per announcement."""
    from portal import registry

    calls = []
    original = registry.records_changed

    def spy(changes):
        calls.append(set(changes))
        return original(changes)

    monkeypatch.setattr(registry, "records_changed", spy)
    return calls


def registered_in_october(province_round, officer, **data) -> MobilizationModel:
    model = model_create(actor=officer, round=province_round, data=model_data(**data), forces=FORCES)
    complete_self_assessment(model, officer)
    model_submit(actor=officer, model=model)
    MobilizationModel.objects.filter(pk=model.pk).update(registered_on=REGISTERED_ON)
    model.refresh_from_db()
    return model


def october(unit) -> dict:
    return ReportSnapshot.objects.get(kind="models", unit=unit, start=OCTOBER.start, end=OCTOBER.end, params="").data


def test_a_model_moved_to_another_unit_leaves_the_old_units_october_figures(
    province_round,
    department_officer_sokhcn,
    movement_officer,
    bac_kan,
    dong_phuc,
    announced,
    django_capture_on_commit_callbacks,
):
    model = registered_in_october(province_round, department_officer_sokhcn, unit=dong_phuc)
    model_return(actor=movement_officer, model=model, reason="Ghi lại địa bàn thực hiện mô hình")
    assert report_refresh(kind="models", unit=dong_phuc, period=OCTOBER).data["registered"] == 1
    assert report_refresh(kind="models", unit=bac_kan, period=OCTOBER).data["children"][-1]["registered"] == 0
    announced.clear()

    with django_capture_on_commit_callbacks(execute=True):
        model_update(actor=department_officer_sokhcn, model=model, data={"unit": bac_kan})

    assert october(dong_phuc)["registered"] == 0
    assert october(bac_kan)["children"][-1]["registered"] == 1  # now counted at the province's own level
    assert announced == [{(dong_phuc.pk, REGISTERED_ON), (bac_kan.pk, REGISTERED_ON)}]


def test_a_withdrawn_model_leaves_the_figures_of_the_month_it_was_registered_in(
    province_round, department_officer_sokhcn, bac_kan, announced, django_capture_on_commit_callbacks
):
    model = registered_in_october(province_round, department_officer_sokhcn)
    assert report_refresh(kind="models", unit=bac_kan, period=OCTOBER).data["registered"] == 1
    announced.clear()

    with django_capture_on_commit_callbacks(execute=True):
        model_withdraw(actor=department_officer_sokhcn, model=model, reason="Đơn vị sáp nhập")

    assert october(bac_kan)["registered"] == 0
    assert announced == [{(bac_kan.pk, REGISTERED_ON)}]


def test_editing_a_draft_counted_nowhere_announces_today(province_round, department_officer_sokhcn, bac_kan, announced):
    model = model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(), forces=FORCES)
    announced.clear()

    model_update(actor=department_officer_sokhcn, model=model, data={"timeline": "Cả năm"})

    assert announced == [{(bac_kan.pk, dt.date(2026, 11, 20))}]
