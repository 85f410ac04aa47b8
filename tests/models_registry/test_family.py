"""The "models" report family: the funnel of a period (registered in it; recognised and named typical by decisions
dated in it), by field, level, owner kind, programme and child unit; the API's contract; and the leader screen's
figures, each opening exactly its models."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from models_registry.models import MobilizationModel
from models_registry.services import round_create
from portal.models import User
from reports import registry
from reports.models import ReportSnapshot
from reports.periods import parse_period
from reports.services import report_refresh

pytestmark = pytest.mark.django_db

STAGES = ("registered", "recognized", "typical")


def make_round(programme, unit, officer, year: int, level: str):
    return round_create(
        actor=officer,
        programme=programme,
        unit=unit,
        year=year,
        name=f"Đợt {year} {level}",
        registration_opens=dt.date(year, 2, 1),
        registration_closes=dt.date(year, 3, 31),
        recognition_level=level,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
    )


def add(round_, unit, name: str, *, field=Field.ECONOMY, owner=OwnerKind.COLLECTIVE, status=Status.REGISTERED, **dates):
    return MobilizationModel.objects.create(
        round=round_,
        unit=unit,
        registering_agency=unit.agencies.order_by("pk").first(),
        name=name,
        search_name=name.lower(),
        field=field,
        owner_kind=owner,
        owner_name=f"Chủ thể {name}",
        status=status,
        **dates,
    )


@pytest.fixture
def funnel(dvk_programme, friendly_programme, bac_kan, dong_phuc, movement_officer, commune_movement_officer):
    """Bắc Kạn's models: province rounds of 2023 and 2024, Đồng Phúc's commune round of 2024, a friendly-government
    round of 2024; one model registered in 2023 and recognised (then named typical) in 2024."""
    province_2023 = make_round(dvk_programme, bac_kan, movement_officer, 2023, RecognitionLevel.PROVINCE)
    province_2024 = make_round(dvk_programme, bac_kan, movement_officer, 2024, RecognitionLevel.PROVINCE)
    commune_2024 = make_round(dvk_programme, dong_phuc, commune_movement_officer, 2024, RecognitionLevel.COMMUNE)
    friendly_2024 = make_round(friendly_programme, bac_kan, movement_officer, 2024, RecognitionLevel.PROVINCE)
    d = dt.date
    return {
        "late": add(
            province_2023,
            bac_kan,
            "Đăng ký 2023, công nhận 2024",
            status=Status.TYPICAL,
            registered_on=d(2023, 3, 1),
            recognized_on=d(2024, 5, 1),
            typical_on=d(2024, 11, 1),
        ),
        "old": add(
            province_2023,
            bac_kan,
            "Công nhận 2023",
            registered_on=d(2023, 3, 2),
            recognized_on=d(2023, 9, 1),
            status=Status.RECOGNIZED,
            field=Field.CULTURE_SOCIETY,
        ),
        "tea": add(
            province_2024,
            bac_kan,
            "Chè vàng",
            owner=OwnerKind.INDIVIDUAL,
            registered_on=d(2024, 3, 1),
            recognized_on=d(2024, 9, 1),
            status=Status.RECOGNIZED,
        ),
        "waiting": add(
            province_2024,
            bac_kan,
            "Đang thẩm định",
            status=Status.EVALUATING,
            registered_on=d(2024, 3, 5),
            field=Field.DEFENCE_SECURITY,
        ),
        "refused": add(
            province_2024, bac_kan, "Không công nhận", status=Status.NOT_RECOGNIZED, registered_on=d(2024, 3, 6)
        ),
        "withdrawn": add(province_2024, bac_kan, "Đã rút", status=Status.WITHDRAWN, registered_on=d(2024, 3, 7)),
        "draft": add(province_2024, bac_kan, "Bản nháp", status=Status.DRAFT),
        "village": add(
            commune_2024,
            dong_phuc,
            "Chi bộ thôn",
            field=Field.POLITICAL_SYSTEM,
            status=Status.TYPICAL,
            registered_on=d(2024, 3, 2),
            recognized_on=d(2024, 6, 1),
            typical_on=d(2024, 6, 1),
        ),
        "friendly": add(
            friendly_2024,
            bac_kan,
            "Một cửa thân thiện",
            registered_on=d(2024, 4, 1),
            recognized_on=d(2024, 10, 1),
            status=Status.RECOGNIZED,
            field=Field.POLITICAL_SYSTEM,
        ),
    }


def figures(unit, period: str = "2024", **query) -> dict:
    family = registry.family("models")
    p = parse_period(period=period)
    return family.compute(unit, p.start, p.end, family.params(**query))


def counts(row: dict) -> tuple[int, int, int]:
    return tuple(row[stage] for stage in STAGES)


def test_each_step_counts_what_happened_in_the_period(funnel, bac_kan):
    year = figures(bac_kan, "2024")
    # registered in 2024: tea, waiting, refused, village, friendly (not the draft, not the withdrawn one)
    # recognised in 2024: late (registered in 2023), tea, village, friendly; typical in 2024: late, village
    assert counts(year) == (5, 4, 2)
    assert (year["recognition_rate"], year["typical_rate"]) == (80.0, 50.0)
    earlier = figures(bac_kan, "2023")
    assert counts(earlier) == (2, 1, 0)  # late and old registered; old recognised
    assert (earlier["recognition_rate"], earlier["typical_rate"]) == (50.0, 0.0)


def test_a_period_with_nothing_recognised_has_no_typical_rate(funnel, bac_kan):
    q1 = figures(bac_kan, "2024-Q1")
    assert counts(q1) == (4, 0, 0)
    assert q1["typical_rate"] is None


def test_the_breakdowns_add_up_to_the_funnel(funnel, bac_kan, friendly_programme):
    year = figures(bac_kan, "2024")
    for key in ("by_field", "by_level", "by_owner_kind"):
        for stage in STAGES:
            assert sum(row[stage] for row in year[key].values()) == year[stage], (key, stage)
    assert set(year["by_field"]) == set(Field.values)
    assert counts(year["by_owner_kind"]["individual"]) == (1, 1, 0)  # the tea grower
    assert counts(year["by_level"]["commune"]) == (1, 1, 1)
    assert year["by_level"]["district"]["label"] == "Cấp huyện (trước 01/7/2025)"
    by_programme = {row["short_name"]: row for row in year["by_programme"]}
    assert counts(by_programme[friendly_programme.short_name]) == (1, 1, 0)
    assert sum(row["registered"] for row in year["by_programme"]) == 5


def test_one_programme_only(funnel, bac_kan, friendly_programme):
    assert counts(figures(bac_kan, "2024", programme_id=friendly_programme.pk)) == (1, 1, 0)


def test_children_add_up_with_the_models_placed_at_the_province(funnel, bac_kan, dong_phuc):
    children = figures(bac_kan, "2024")["children"]
    assert len(children) == bac_kan.children.count() + 1
    own = children[-1]
    assert own["own_level"] and own["name"] == "Cơ quan cấp tỉnh" and counts(own) == (4, 3, 1)
    district = next(row for row in children if row["unit"] == dong_phuc.parent_id)
    assert counts(district) == (1, 1, 1)
    assert counts(district["by_field"]["political_system"]) == (1, 1, 1)
    for stage in STAGES:
        assert sum(row[stage] for row in children) == figures(bac_kan, "2024")[stage]
    commune = figures(dong_phuc, "2024")["children"]
    assert [row.get("own_level") for row in commune] == [True] and counts(commune[0]) == (1, 1, 1)


def test_the_figures_take_a_fixed_handful_of_queries(funnel, bac_kan, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        figures(bac_kan, "2024")
    round_ = funnel["tea"].round
    for n in range(30):
        add(round_, bac_kan, f"Mô hình {n}", field=Field.values[n % 4], registered_on=dt.date(2024, 3, 9))
    with django_assert_max_num_queries(9):
        assert figures(bac_kan, "2024")["registered"] == 35


def test_the_api_answers_the_contract(funnel, bac_kan, api_for):
    leader = User.objects.get(username="tinh.lanhdao")
    response = api_for(leader).get(f"/api/v1/reports/models/?unit={bac_kan.pk}&from=2023-01-01&to=2024-12-31")
    assert response.status_code == 200
    body = response.json()
    keys = {"unit", "from", "to", "computed_at", *STAGES, "recognition_rate", "typical_rate"}
    keys |= {"by_field", "by_level", "by_owner_kind", "by_programme", "children"}
    assert keys <= set(body)
    assert counts(body) == (7, 5, 2) and (body["from"], body["to"]) == ("2023-01-01", "2024-12-31")
    assert body["children"][-1]["own_level"] is True
    bad = api_for(leader).get(f"/api/v1/reports/models/?unit={bac_kan.pk}&period=2024&programme=99999")
    assert bad.status_code == 400 and "programme" in bad.json()
    district_leader = User.objects.get(username="huyen.lanhdao")
    assert api_for(district_leader).get(f"/api/v1/reports/models/?unit={bac_kan.pk}&period=2024").status_code == 404


def test_every_funnel_figure_of_the_leader_screen_opens_exactly_its_models(funnel, bac_kan, client_for):
    client = client_for(User.objects.get(username="tinh.lanhdao"))
    page = client.get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    links = re.findall(r'href="(/models/\?[^"]+)">(\d+)</a>', page)
    assert len(links) >= 30  # the three steps, by field, level, owner kind and child unit
    assert any("funnel=typical" in href for href, _n in links)
    for href, count in links:
        listed = client.get(href.replace("&amp;", "&")).context["page"].paginator.count
        assert listed == int(count), href
    trend = page[page.index('data-trend="models"') :]
    assert [int(y) for y in re.findall(r">(20\d\d)</td>", trend[: trend.index("</table>")])] == list(range(2020, 2025))


def test_a_decision_refreshes_the_stored_funnel(funnel, bac_kan, django_capture_on_commit_callbacks):
    from models_registry.services.common import save_model

    period = parse_period(period="2024")
    assert report_refresh(kind="models", unit=bac_kan, period=period).data["recognized"] == 4
    model = funnel["waiting"]
    with django_capture_on_commit_callbacks(execute=True):
        model.status, model.recognized_on = Status.RECOGNIZED, dt.date(2024, 12, 1)
        save_model(model, actor=None, verb="model.decided", before=Status.EVALUATING, on=model.recognized_on)
    stored = ReportSnapshot.objects.get(kind="models", unit=bac_kan, start=period.start, end=period.end, params="")
    assert stored.data["recognized"] == 5


@pytest.mark.parametrize("form, title", [("models-funnel", "mô hình"), ("models-recognized", "Chè vàng")])
def test_the_dashboard_asks_for_the_models_forms_as_logged_jobs(
    funnel, bac_kan, client_for, form, title, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    from reports.models import ExportJob, ExportStatus

    client = client_for(User.objects.get(username="tinh.lanhdao"))
    page = client.get(f"/dashboard/{bac_kan.pk}/?year=2024").content.decode()
    assert f'<option value="{form}">' in page
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued on commit
        response = client.post(f"/dashboard/{bac_kan.pk}/export/", {"form": form, "year": "2024", "part": ""})
    job = ExportJob.objects.get(kind=form)
    assert response.status_code == 302 and (job.status, job.progress) == (ExportStatus.DONE, 100)
    download = client.get(f"/dashboard/exports/{job.pk}/download/")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell)
    assert title in text
