"""The models registry's Excel forms: the funnel by unit and field (each step counted in the period of its own date,
the total row the sum of the rows and the family's figures), and the list of recognised and typical models with
the numbers of the decisions that made them so."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from models_registry.choices import Field, Outcome, OwnerKind, RecognitionLevel, Status
from models_registry.family import models_figures
from models_registry.models import Decision, DecisionEntry, MobilizationModel, Round
from models_registry.report_forms import funnel_by_unit_and_field, recognized_models_list
from portal.choices import Generation, Level
from portal.demo import DEMO_DISTRICT_CODE
from portal.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db

YEAR_2023 = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
PAYLOAD = '=HYPERLINK("http://x","y")'
# The columns after the unit's name: total (registered, recognised, typical), then each field's three, then the rates.
FIELD_STAGES = ("registered", "recognized", "typical")
FIELD_COLUMN = {value: 3 + 3 * index for index, value in enumerate(Field.values)}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2025, 3, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def ba_be(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.DISTRICT, code=DEMO_DISTRICT_CODE)


@pytest.fixture
def other_district(bac_kan, ba_be) -> AdministrativeUnit:
    return bac_kan.children.exclude(pk=ba_be.pk).order_by("code").first()


@pytest.fixture
def rounds(dvk_programme, bac_kan):
    def make(year: int) -> Round:
        return Round.objects.create(
            programme=dvk_programme,
            unit=bac_kan,
            year=year,
            name=f"Mô hình “Dân vận khéo” cấp tỉnh năm {year}",
            registration_opens=dt.date(year, 1, 15),
            registration_closes=dt.date(year, 4, 30),
            recognition_level=RecognitionLevel.PROVINCE,
            pass_threshold=Decimal("70"),
            spread_threshold=Decimal("15"),
        )

    return {2023: make(2023), 2024: make(2024)}


def place(round_, unit, name, field, status, registered_on=None, recognized_on=None, typical_on=None, **extra):
    agency = Agency.objects.filter(unit=unit).order_by("pk").first() or Agency.objects.get(
        unit=round_.unit, short_name="BDV"
    )
    return MobilizationModel.objects.create(
        round=round_,
        unit=unit,
        registering_agency=agency,
        name=name,
        field=field,
        owner_kind=extra.pop("owner_kind", OwnerKind.COLLECTIVE),
        owner_name=extra.pop("owner_name", f"Tập thể {unit.name}"),
        status=status,
        registered_on=registered_on,
        recognized_on=recognized_on,
        typical_on=typical_on,
        **extra,
    )


def decide(round_, number: str, day: dt.date, *entries):
    decision = Decision.objects.create(
        round=round_, unit=round_.unit, number=number, issued_on=day, signer="Hoàng Thị Mai"
    )
    for model, outcome in entries:
        DecisionEntry.objects.create(decision=decision, model=model, outcome=outcome)
    return decision


@pytest.fixture
def models(rounds, bac_kan, ba_be, dong_phuc, other_district):
    """A Ba Bể model registered in 2023 and recognised in 2024; a province model registered, recognised and named
    typical in 2024; a Đồng Phúc model only registered in 2024; a draft and a withdrawn one (never counted); and
    a model of another district whose name was typed as a formula, recognised in 2024."""
    made = {
        "ba_be": place(
            rounds[2023], ba_be, "Chăn nuôi bò vỗ béo", Field.ECONOMY, Status.RECOGNIZED,
            dt.date(2023, 3, 1), dt.date(2024, 2, 1),
        ),
        "province": place(
            rounds[2024], bac_kan, "Dịch vụ công trực tuyến toàn trình", Field.POLITICAL_SYSTEM, Status.TYPICAL,
            dt.date(2024, 3, 1), dt.date(2024, 6, 1), dt.date(2024, 9, 1),
            owner_kind=OwnerKind.INDIVIDUAL, owner_name="Nguyễn Thị Lan",
        ),
        "commune": place(
            rounds[2024], dong_phuc, "Thôn bản văn hóa", Field.CULTURE_SOCIETY, Status.REGISTERED, dt.date(2024, 4, 1)
        ),
        "draft": place(rounds[2024], ba_be, "Bản nháp", Field.ECONOMY, Status.DRAFT),
        "withdrawn": place(rounds[2024], ba_be, "Đã rút", Field.ECONOMY, Status.WITHDRAWN, dt.date(2024, 2, 1)),
        "formula": place(
            rounds[2024], other_district, PAYLOAD, Field.DEFENCE_SECURITY, Status.RECOGNIZED,
            dt.date(2024, 5, 1), dt.date(2024, 10, 1),
        ),
    }  # fmt: skip
    decide(rounds[2023], "15-QĐ/BDVTU", dt.date(2024, 2, 1), (made["ba_be"], Outcome.RECOGNIZED))
    decide(rounds[2024], "20-QĐ/BDVTU", dt.date(2024, 6, 1), (made["province"], Outcome.RECOGNIZED))
    decide(rounds[2024], "25-QĐ/BDVTU", dt.date(2024, 9, 1), (made["province"], Outcome.TYPICAL))
    decide(rounds[2024], "30-QĐ/BDVTU", dt.date(2024, 10, 1), (made["formula"], Outcome.RECOGNIZED))
    return made


def funnel_table(unit, period) -> tuple[list[str], dict[str, list]]:
    sheet = load_workbook(io.BytesIO(funnel_by_unit_and_field(unit, *period))).active
    rows = list(sheet.iter_rows(values_only=True))
    numbers = next(i for i, row in enumerate(rows) if row[0] == "A")
    texts = [value for row in rows[:numbers] for value in row if isinstance(value, str)]
    table = {row[0]: list(row[1:]) for row in rows[numbers + 1 :] if row[0] and not row[0].startswith("Kiểm tra")}
    return texts, table


def listed(unit, period) -> list[dict]:
    sheet = load_workbook(io.BytesIO(recognized_models_list(unit, *period))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return [dict(zip(rows[header], row, strict=True)) for row in rows[header + 1 :]]


def test_the_funnel_form_is_titled_in_vietnamese_with_the_unit_and_the_period(models, bac_kan):
    texts, table = funnel_table(bac_kan, YEAR_2024)
    assert texts[0] == "Tổng hợp mô hình đăng ký, được công nhận và tiêu biểu theo đơn vị và lĩnh vực"
    assert texts[1].startswith("Đơn vị: ") and "Bắc Kạn" in texts[1]
    assert texts[2] == "Số liệu tính từ ngày 01/01/2024 đến ngày 31/12/2024"
    assert {"Đơn vị", "Tổng số", "Kinh tế", "Quốc phòng - an ninh", "Tỷ lệ (%)"} <= set(texts)
    # the district's rows, then the province's own level, then the total
    names = list(table)
    assert names[-2:] == ["Cơ quan cấp tỉnh", "Tổng cộng"]
    assert "Huyện Ba Bể" in names


def test_a_model_counts_as_registered_in_its_registration_year_and_recognised_in_its_decisions(models, bac_kan):
    economy = FIELD_COLUMN[Field.ECONOMY]
    _texts, in_2023 = funnel_table(bac_kan, YEAR_2023)
    assert in_2023["Huyện Ba Bể"][:3] == [1, 0, 0]
    assert in_2023["Huyện Ba Bể"][economy : economy + 3] == [1, 0, 0]
    _texts, in_2024 = funnel_table(bac_kan, YEAR_2024)
    ba_be = in_2024["Huyện Ba Bể"]
    assert ba_be[:3] == [1, 1, 0]  # Đồng Phúc's model registered; the 2023 model recognised
    assert ba_be[economy : economy + 3] == [0, 1, 0]
    culture = FIELD_COLUMN[Field.CULTURE_SOCIETY]
    assert ba_be[culture : culture + 3] == [1, 0, 0]
    assert ba_be[-2:] == [100.0, 0.0]
    own = in_2024["Cơ quan cấp tỉnh"]
    political = FIELD_COLUMN[Field.POLITICAL_SYSTEM]
    assert own[:3] == own[political : political + 3] == [1, 1, 1]


def test_the_total_row_is_the_sum_of_the_rows_and_the_familys_figures(models, bac_kan):
    _texts, table = funnel_table(bac_kan, YEAR_2024)
    total = table.pop("Tổng cộng")
    counted = len(total) - 2
    assert total[:counted] == [sum(row[i] for row in table.values()) for i in range(counted)]
    figures = models_figures(bac_kan, *YEAR_2024)
    assert total[:3] == [figures["registered"], figures["recognized"], figures["typical"]] == [3, 3, 1]
    for value in Field.values:
        column = FIELD_COLUMN[value]
        assert total[column : column + 3] == [figures["by_field"][value][stage] for stage in FIELD_STAGES]
    assert total[-2:] == [figures["recognition_rate"], figures["typical_rate"]] == [100.0, 33.33]


def test_a_unit_without_models_in_the_period_shows_zeros_and_no_rates(models, bac_kan):
    _texts, table = funnel_table(bac_kan, (dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    assert table["Tổng cộng"][:-2] == [0] * (len(table["Tổng cộng"]) - 2)
    assert table["Tổng cộng"][-2:] == [None, None]


def test_the_list_names_the_recognised_and_typical_models_with_their_decisions(models, bac_kan, ba_be, other_district):
    rows = listed(bac_kan, YEAR_2024)
    assert other_district.code < ba_be.code
    assert [row["Tên mô hình"] for row in rows] == [
        "Dịch vụ công trực tuyến toàn trình",  # the province's own (06) first, then its districts by code
        PAYLOAD,
        "Chăn nuôi bò vỗ béo",
    ]
    province, _other, ba_be_row = rows
    assert province["STT"] == 1
    assert (province["Tập thể hay cá nhân"], province["Chủ thể"]) == ("Cá nhân", "Nguyễn Thị Lan")
    assert province["Lĩnh vực"] == "Xây dựng hệ thống chính trị"
    assert (province["Phong trào"], province["Cấp công nhận"]) == ("Dân vận khéo", "Cấp tỉnh")
    assert province["Đợt đăng ký"] == "Mô hình “Dân vận khéo” cấp tỉnh năm 2024"
    assert (province["Số quyết định công nhận"], province["Ngày công nhận"].date()) == (
        "20-QĐ/BDVTU",
        dt.date(2024, 6, 1),
    )
    assert (province["Số quyết định chọn tiêu biểu"], province["Ngày chọn tiêu biểu"].date()) == (
        "25-QĐ/BDVTU",
        dt.date(2024, 9, 1),
    )
    assert province["Trạng thái"] == "Tiêu biểu"
    assert (ba_be_row["Số quyết định công nhận"], ba_be_row["Số quyết định chọn tiêu biểu"]) == ("15-QĐ/BDVTU", None)
    assert (ba_be_row["Địa bàn"], ba_be_row["Trạng thái"]) == ("Huyện Ba Bể", "Được công nhận")


def test_the_list_of_a_year_leaves_out_models_recognised_in_another_year(models, bac_kan, ba_be):
    assert listed(bac_kan, YEAR_2023) == []
    assert [row["Tên mô hình"] for row in listed(ba_be, YEAR_2024)] == ["Chăn nuôi bò vỗ béo"]


def test_a_model_name_typed_as_a_formula_is_written_as_text(models, bac_kan):
    for content in (recognized_models_list(bac_kan, *YEAR_2024), funnel_by_unit_and_field(bac_kan, *YEAR_2024)):
        cells = [cell for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert PAYLOAD in [row["Tên mô hình"] for row in listed(bac_kan, YEAR_2024)]


def test_both_forms_take_the_same_few_queries_whatever_the_number_of_models(
    models, rounds, bac_kan, ba_be, django_assert_max_num_queries
):
    def queries(build) -> int:
        with CaptureQueriesContext(connection) as captured:
            build(bac_kan, *YEAR_2024)
        return len(captured)

    before = {build: queries(build) for build in (funnel_by_unit_and_field, recognized_models_list)}
    for index in range(10):
        model = place(
            rounds[2024], ba_be, f"Mô hình {index}", Field.ECONOMY, Status.TYPICAL,
            dt.date(2024, 3, 1), dt.date(2024, 7, 1), dt.date(2024, 8, 1),
        )  # fmt: skip
        decide(rounds[2024], f"{40 + index}-QĐ/BDVTU", dt.date(2024, 7, 1), (model, Outcome.RECOGNIZED))
    assert {build: queries(build) for build in before} == before
    with django_assert_max_num_queries(3):
        recognized_models_list(bac_kan, *YEAR_2024)
    with django_assert_max_num_queries(10):
        funnel_by_unit_and_field(bac_kan, *YEAR_2024)
