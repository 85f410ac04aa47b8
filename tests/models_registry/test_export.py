"""The Excel export of the models list: one row per model, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from models_registry.choices import Field, OwnerKind, Status
from models_registry.exports import models_workbook
from models_registry.models import MobilizationModel

pytestmark = pytest.mark.django_db

HEADERS = [
    "Phong trào",
    "Đợt đăng ký",
    "Năm",
    "Tên mô hình",
    "Lĩnh vực",
    "Cấp công nhận",
    "Tập thể hay cá nhân",
    "Chủ thể",
    "Chức vụ, nghề nghiệp",
    "Địa bàn",
    "Cơ quan đăng ký",
    "Trạng thái",
    "Ngày đăng ký",
    "Ngày công nhận",
    "Ngày chọn tiêu biểu",
]


def sheet_rows(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Mô hình"]
    return list(book["Mô hình"].iter_rows(values_only=True))


def many_models(round_, agency, count: int, *, start: int = 0) -> None:
    MobilizationModel.objects.bulk_create(
        MobilizationModel(
            round=round_,
            unit=agency.unit,
            registering_agency=agency,
            name=f"Mô hình số {n}",
            search_name=f"mo hinh so {n}",
            field=Field.ECONOMY,
            owner_kind=OwnerKind.INDIVIDUAL if n % 2 else OwnerKind.COLLECTIVE,
            owner_name=f"Chủ thể {n}",
            status=Status.REGISTERED,
            registered_on=dt.date(2026, 5, 4),
        )
        for n in range(start, start + count)
    )


def test_one_row_per_model_with_what_the_list_shows(evaluating_model, sokhcn):
    MobilizationModel.objects.filter(pk=evaluating_model.pk).update(
        score=Decimal("82.50"), recognized_on=dt.date(2026, 11, 20)
    )

    rows = sheet_rows(models_workbook(MobilizationModel.objects.all()))

    assert list(rows[0]) == HEADERS
    assert len(rows) == 2
    row = dict(zip(HEADERS, rows[1], strict=True))
    assert row == {
        "Phong trào": "Dân vận khéo",
        "Đợt đăng ký": evaluating_model.round.name,
        "Năm": evaluating_model.round.year,
        "Tên mô hình": evaluating_model.name,
        "Lĩnh vực": "Xây dựng hệ thống chính trị",
        "Cấp công nhận": "Cấp tỉnh",
        "Tập thể hay cá nhân": "Tập thể",
        "Chủ thể": "Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        "Chức vụ, nghề nghiệp": None,
        "Địa bàn": "Tỉnh Bắc Kạn",
        "Cơ quan đăng ký": sokhcn.name,
        "Trạng thái": "Đang thẩm định",
        "Ngày đăng ký": dt.datetime.combine(evaluating_model.registered_on, dt.time()),
        "Ngày công nhận": dt.datetime.combine(dt.date(2026, 11, 20), dt.time()),
        "Ngày chọn tiêu biểu": None,
    }
    assert 82.5 not in rows[1]  # the council score stays with the office


def test_the_export_keeps_the_order_and_filter_it_is_given(province_round, sokhcn):
    many_models(province_round, sokhcn, 5)
    queryset = MobilizationModel.objects.filter(owner_kind=OwnerKind.COLLECTIVE).order_by("name")

    rows = sheet_rows(models_workbook(queryset))

    assert [row[3] for row in rows[1:]] == ["Mô hình số 0", "Mô hình số 2", "Mô hình số 4"]


def test_text_that_looks_like_a_formula_stays_text(province_round, sokhcn):
    many_models(province_round, sokhcn, 1)
    MobilizationModel.objects.update(name='=HYPERLINK("http://x.invalid","bấm")')

    book = load_workbook(io.BytesIO(models_workbook(MobilizationModel.objects.all())))
    cell = book["Mô hình"]["D2"]

    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x.invalid","bấm")'


def test_the_number_of_queries_does_not_grow_with_the_rows(province_round, sokhcn):
    many_models(province_round, sokhcn, 3)
    with CaptureQueriesContext(connection) as few:
        models_workbook(MobilizationModel.objects.all())
    many_models(province_round, sokhcn, 300, start=3)
    with CaptureQueriesContext(connection) as many:
        models_workbook(MobilizationModel.objects.all())

    assert len(many) == len(few) <= 2


def test_ten_thousand_models_fit_in_one_workbook(province_round, sokhcn):
    many_models(province_round, sokhcn, 10_000)

    content = models_workbook(MobilizationModel.objects.order_by("pk"))

    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(book["Mô hình"].iter_rows(values_only=True))
    assert len(rows) == 10_001
    assert rows[-1][3] == "Mô hình số 9999"
