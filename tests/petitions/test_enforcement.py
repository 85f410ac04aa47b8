"""Enforcement follow-up: measures ordered by a settled case, their progress, and form 02/KQGQ."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import TestCase
from openpyxl import load_workbook

from petitions.services import petition_settle
from petitions.services.enforcement import measure_add, measure_report
from portal.models import AdministrativeUnit
from portal.services import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(accepted, commune_officer_a):
    p = accepted(kind="denunciation")
    return petition_settle(
        actor=commune_officer_a,
        petition_id=p.pk,
        expected_version=p.version,
        settled_on=dt.date(2026, 11, 16),
        decision_no="12/KL-UBND",
    )


def test_measures_follow_a_settled_case_until_done(settled, commune_officer_a):
    measure = measure_add(
        actor=commune_officer_a,
        petition=settled,
        kind="recover_money",
        description="Thu hồi tiền chi sai chế độ",
        responsible="Phòng Tài chính huyện",
        due_on=dt.date(2026, 12, 31),
        ordered_amount=Decimal("120.5"),
    )
    assert not measure.is_overdue
    with pytest.raises(DomainError, match="vượt"):
        measure_report(actor=commune_officer_a, measure_id=measure.pk, done_amount=Decimal("130"), done_on=None)
    done = measure_report(
        actor=commune_officer_a,
        measure_id=measure.pk,
        done_amount=Decimal("120.5"),
        done_on=dt.date(2026, 11, 19),
        note="Đã nộp ngân sách",
    )
    assert done.done_on == dt.date(2026, 11, 19)


def test_measures_need_a_decision_first(accepted, commune_officer_a):
    open_case = accepted()
    with pytest.raises(DomainError, match="sau khi có quyết định"):
        measure_add(
            actor=commune_officer_a,
            petition=open_case,
            kind="discipline",
            description="x",
            responsible="x",
            due_on=dt.date(2026, 12, 1),
            ordered_amount=1,
        )


def test_measures_are_managed_on_the_petition_page(client_for, commune_officer_a, settled):
    client = client_for(commune_officer_a)
    client.post(
        f"/petitions/{settled.pk}/measures/",
        {
            "measure-kind": "discipline",
            "measure-description": "Kiểm điểm cán bộ địa chính",
            "measure-responsible": "UBND xã",
            "measure-due_on": "2026-12-15",
            "measure-ordered_amount": "2",
        },
    )
    measure = settled.measures.get()
    client.post(
        f"/petitions/{settled.pk}/measures/{measure.pk}/",
        {
            f"m{measure.pk}-done_amount": "1",
            f"m{measure.pk}-done_on": "",
            f"m{measure.pk}-note": "Đã kiểm điểm 1 người",
        },
    )
    page = client.get(f"/petitions/{settled.pk}/").content.decode()
    assert "Theo dõi thi hành" in page and "Kiểm điểm cán bộ địa chính" in page and "Đã kiểm điểm 1 người" in page


def test_form_02_kqgq_totals_the_measures(client_for, province_leader, commune_officer_a, settled, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    measure_add(
        actor=commune_officer_a,
        petition=settled,
        kind="recover_land",
        description="Thu hồi đất lấn chiếm",
        responsible="UBND xã",
        due_on=dt.date(2026, 12, 31),
        ordered_amount=Decimal("350"),
    )
    province = AdministrativeUnit.objects.get(generation="legacy", level="province", code="06")
    client = client_for(province_leader)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/dashboard/{province.pk}/export/", {"form": "02-kqgq", "year": "2026"})
    from reports.models import ExportJob

    job = ExportJob.objects.get()
    data = b"".join(client.get(f"/dashboard/exports/{job.pk}/download/").streaming_content)
    sheet = load_workbook(io.BytesIO(data)).active
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Tổng cộng")
    assert total[1] == 1 and total[2] == 1 and total[6] == 350
