"""The reform admin: every list opens, lists are scoped to the administrator's subtree, and a task's status,
progress and deadline cannot be typed in there."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.models import User
from reform.choices import IndicatorKind, TaskStatus
from tests.reform.conftest import agency_of, make_plan, make_task, today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["area", "plan", "task", "indicatorvalue", "onestoppoint"])
def test_every_reform_admin_list_opens(client_for, admin, model):
    assert client_for(admin).get(f"/admin/reform/{model}/").status_code == 200


def test_task_change_page_shows_status_and_deadline_but_never_as_inputs(client_for, admin, province_plan, justice):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=10))
    page = client_for(admin).get(f"/admin/reform/task/{task.pk}/change/").content.decode()
    assert 'name="title"' in page
    for field in ("status", "progress", "deadline", "completed_on", "evidence_number"):
        assert f'name="{field}"' not in page


def test_admin_cannot_set_a_task_status_by_posting_it(client_for, admin, province_plan, justice):
    task = make_task(province_plan, justice, today() + dt.timedelta(days=10))
    client_for(admin).post(
        f"/admin/reform/task/{task.pk}/change/",
        {"number": "2", "title": "Tên mới", "order": "1", "status": TaskStatus.COMPLETED, "progress": "100"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_STARTED and task.progress == 0


def test_commune_administrator_sees_only_the_communes_plans_and_tasks(
    client_for, commune_admin, province_plan, justice, dong_phuc
):
    commune_plan = make_plan(agency_of(dong_phuc, "UBND"), title="Kế hoạch của xã Đồng Phúc")
    make_task(province_plan, justice, today() + dt.timedelta(days=10), title="Việc của tỉnh")
    make_task(commune_plan, agency_of(dong_phuc, "UBND"), today() + dt.timedelta(days=10), title="Việc của xã")
    client = client_for(commune_admin)

    plans = client.get("/admin/reform/plan/").content.decode()
    assert "Kế hoạch của xã Đồng Phúc" in plans and province_plan.title not in plans
    tasks = client.get("/admin/reform/task/").content.decode()
    assert "Việc của xã" in tasks and "Việc của tỉnh" not in tasks


def test_indicator_values_are_scoped_in_the_admin(client_for, commune_admin, bac_kan, dong_phuc):
    from reform.services import indicator_record

    indicator_record(actor=None, unit=bac_kan, year=2024, kind=IndicatorKind.PAPI, score="42.5", source="Tỉnh")
    indicator_record(actor=None, unit=dong_phuc, year=2024, kind=IndicatorKind.SIPAS, score="85", source="Xã")
    page = client_for(commune_admin).get("/admin/reform/indicatorvalue/").content.decode()
    assert "Xã Đồng Phúc" in page and "42,50" not in page and "42.50" not in page


def test_areas_are_edited_in_their_list(client_for, admin, areas):
    page = client_for(admin).get("/admin/reform/area/").content.decode()
    assert 'name="form-0-order"' in page and 'name="form-0-is_active"' in page
    assert User.objects.get(username="admin").is_superuser
