"""The demo registry tells the province's story: Bắc Kạn's 2022–2024 funnel is its report's (over 7,600
registered, 3,738 recognised, 680 typical), the models the report names are there, and on the 2025 map this
year's round is open with work waiting for Tỉnh Thái Nguyên's movement office and council.

Seeded once for the module on 20 Nov 2026 (a few seconds), and rolled back after it.
"""

from __future__ import annotations

import pytest
import time_machine
from django.db.models import Count

from models_registry.choices import RECOGNIZED_STATUSES, TYPICAL_STATUSES, Field, OwnerKind, RecognitionLevel, Status
from models_registry.demo import NAMED, seed_models
from models_registry.models import Assignment, Decision, DecisionEntry, MobilizationModel, Round, Score
from models_registry.selectors import funnel_counts, my_assignments, showcase_models
from portal.models import Agency, AuditEvent, User
from tests.demo_data import AS_OF, MOMENT, demo_loaded

REPORTED_YEARS = [2022, 2023, 2024]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_loaded(django_db_blocker, lambda: seed_models(seed=2024, as_of=AS_OF)) as created:
        yield created


@pytest.fixture
def today(demo):
    with time_machine.travel(MOMENT, tick=False):
        yield AS_OF


def bac_kan():
    return MobilizationModel.objects.filter(unit__path__startswith="legacy/06/")


def account(username: str) -> User:
    return User.objects.select_related("agency__unit").get(username=username)


def test_bac_kan_2022_to_2024_funnel_is_the_one_its_report_gives(demo, db):
    reported = bac_kan().filter(round__year__in=REPORTED_YEARS)
    funnel = funnel_counts(reported)
    assert funnel["registered"] >= 7600
    assert (funnel["recognized"], funnel["typical"]) == (3738, 680)
    # the same counted by the dates of registration and recognition, and for "Dân vận khéo" alone
    by_dates = bac_kan().filter(registered_on__year__in=REPORTED_YEARS)
    assert funnel_counts(by_dates) == funnel
    assert bac_kan().filter(recognized_on__year__in=REPORTED_YEARS).count() == 3738
    assert bac_kan().filter(typical_on__year__in=REPORTED_YEARS).count() == 680
    assert funnel_counts(reported.filter(round__programme__code="dan-van-kheo")) == funnel


def test_the_models_spread_over_fields_levels_units_and_owners(demo, db):
    reported = bac_kan().filter(round__year__in=REPORTED_YEARS)
    assert set(reported.values_list("field", flat=True)) == set(Field.values)
    levels = dict(reported.values_list("round__recognition_level").annotate(n=Count("pk")))
    assert set(levels) == set(RecognitionLevel.values)  # commune, the historical district, province
    assert levels[RecognitionLevel.COMMUNE] > levels[RecognitionLevel.DISTRICT] > levels[RecognitionLevel.PROVINCE]
    assert reported.filter(round__recognition_level="commune").values("round__unit").distinct().count() == 108
    individual = reported.filter(owner_kind=OwnerKind.INDIVIDUAL).count() / reported.count()
    assert 0.38 < individual < 0.5  # Chợ Đồn 2022: 69 collective, 54 individual
    recognised = reported.filter(status__in=RECOGNIZED_STATUSES)
    assert recognised.values("round__unit__parent").distinct().count() >= 8  # every district recognised some
    friendly = bac_kan().filter(round__programme__code="chinh-quyen-than-thien")
    assert friendly.count() == 20 and friendly.filter(status__in=RECOGNIZED_STATUSES).count() == 12
    assert friendly.values("unit__path").distinct().count() == 20  # one per district and a dozen communes


def test_the_models_the_report_names_are_typical_and_in_the_showcase(demo, db):
    showcase = set(showcase_models().values_list("name", flat=True))
    for named in NAMED:
        model = MobilizationModel.objects.select_related("unit", "round").get(name=named.name)
        assert model.status in TYPICAL_STATUSES and model.round.year == named.year
        assert model.owner_name == named.owner_name and model.is_published and model.public_summary
        assert model.name in showcase
    tam = MobilizationModel.objects.get(owner_name="Hoàng Văn Tam", round__year=2023)
    assert tam.owner_kind == OwnerKind.INDIVIDUAL and tam.unit.name == "Xã Đồng Phúc"
    assert tam.round.recognition_level == RecognitionLevel.DISTRICT and "Bản Chán" in tam.owner_position
    na_dau = MobilizationModel.objects.get(owner_name="Chi bộ thôn Nà Dâu")
    assert na_dau.unit.name == "Xã Trần Phú" and na_dau.unit.parent.name == "Huyện Na Rì"
    assert na_dau.status == Status.REPLICATED and na_dau.replications.exists()  # Na Rì's party cells copied it
    science = Agency.objects.get(name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn")
    assert MobilizationModel.objects.filter(registering_agency=science, owner_agency=science).exists()
    school = MobilizationModel.objects.get(owner_name="Trường Phổ thông Dân tộc nội trú huyện Pác Nặm")
    assert "hát Then" in school.name and school.unit.parent.name == "Huyện Pác Nặm"
    assert len(showcase) < 20  # only what was approved for publication
    assert na_dau.commendations.filter(phase__name="2021–2025").count() == 2


def test_every_recognition_has_its_decision_and_the_councils_agree_with_it(demo, db):
    reported = bac_kan().filter(round__year__in=REPORTED_YEARS)
    rounds = Round.objects.filter(pk__in=reported.values("round"))
    assert Decision.objects.filter(round__in=rounds, corrects__isnull=True).count() == rounds.count()
    assert not Decision.objects.filter(round__in=rounds).filter(number="").exists()
    recognised = reported.filter(status__in=RECOGNIZED_STATUSES)
    entries = DecisionEntry.objects.filter(model__in=recognised, decision__corrects__isnull=True)
    assert entries.values("model").distinct().count() == 3738
    assert entries.filter(outcome="typical").count() == 680
    # a correction is a new decision referring to the one it corrects
    correction = Decision.objects.get(round__in=rounds, corrects__isnull=False)
    assert correction.correction_reason and correction.entries.get().model.status == Status.NOT_RECOGNIZED
    # the council's proposal stands, but for one departure that gives its reason
    scored = reported.filter(scores_submitted__gt=0).select_related("round")
    assert scored.count() > 100 and Score.objects.filter(assignment__model__in=scored).exists()
    departures = [
        m
        for m in scored
        if (m.score >= m.round.pass_threshold and not m.mandatory_failed) != (m.status in RECOGNIZED_STATUSES)
    ]
    assert len(departures) == 1
    entry = DecisionEntry.objects.get(model=departures[0])
    assert entry.departs_from_council and entry.departure_reason
    assert Assignment.objects.filter(model__in=scored, recused=True).exclude(recusal_reason="").exists()


def test_seeding_again_creates_nothing(demo, today):
    counts = (MobilizationModel.objects.count(), Round.objects.count(), Decision.objects.count())
    events = AuditEvent.objects.count()
    assert seed_models(seed=2024, as_of=AS_OF) == 0
    assert (MobilizationModel.objects.count(), Round.objects.count(), Decision.objects.count()) == counts
    assert AuditEvent.objects.count() == events


def test_this_years_round_is_open_with_work_for_the_movement_office_and_its_council(today, client_for):
    office = account("tn.danvan")
    round_ = Round.objects.get(unit__path="2025/19/", year=today.year, programme__code="dan-van-kheo")
    assert round_.registration_opens <= today <= round_.registration_closes
    statuses = set(round_.models.values_list("status", flat=True))
    assert {Status.DRAFT, Status.REGISTERED, Status.EVALUATING, Status.RETURNED} <= statuses
    assert {m.user.username for m in round_.council.select_related("user")} >= {"tn.lanhdao", "tn.thanhtra"}
    # the office sees its round's registrations, which were made through the services (with their history)
    visible = MobilizationModel.objects.visible_to(office)
    assert visible.filter(round=round_, status=Status.REGISTERED).exists()
    evaluating = round_.models.filter(status=Status.EVALUATING).first()
    assert AuditEvent.objects.filter(verb="model.submitted", target_id=str(evaluating.pk)).exists()
    # each member of the council has sheets still to hand in; the office's own are on its scoring page
    for username in ("tn.danvan", "tn.lanhdao", "tn.thanhtra"):
        waiting = [a for a in my_assignments(account(username)) if not a.recused and a.submitted_at is None]
        assert waiting, username
    waiting = [a for a in my_assignments(office) if not a.recused and a.submitted_at is None]
    page = client_for(office).get("/models/scoring/")
    assert page.status_code == 200 and waiting[0].model.name in page.content.decode()
    commune = Round.objects.get(unit__path="2025/19/01933/", year=today.year)
    assert commune.registration_opens <= today <= commune.registration_closes
    assert commune.models.filter(status=Status.EVALUATING).exists()
    assert [a for a in my_assignments(account("tnxa.lanhdao")) if a.submitted_at is None]


def test_the_report_api_gives_the_provinces_2022_to_2024_funnel(demo, today, api_for):
    """The contract's demo figures: at least 7,600 registered, 3,738 recognised and 680 typical."""
    province = account("tinh.lanhdao").agency.unit
    body = (
        api_for(account("tinh.lanhdao"))
        .get(f"/api/v1/reports/models/?unit={province.pk}&from=2022-01-01&to=2024-12-31")
        .json()
    )
    assert body["registered"] >= 7600 and (body["recognized"], body["typical"]) == (3738, 680)
    assert sum(row["registered"] for row in body["children"]) == body["registered"]
