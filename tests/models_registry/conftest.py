"""Fixtures of the models registry: Bắc Kạn's province round of this year with its default criteria and a
council of three, the Ban Dân vận officer who runs it, a department that registers a model, and models at
each stage (a draft, one under evaluation with its score sheets assigned).

Built through the services, so every fixture is a state a user can really reach.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from models_registry.choices import CollectiveKind, CouncilRole, Field, ForceRole, OwnerKind, RecognitionLevel
from models_registry.models import Programme
from models_registry.services import (
    assignments_make,
    council_set,
    model_create,
    model_start_evaluation,
    model_submit,
    round_create,
    self_assessment_save,
)
from portal.choices import AgencyKind, Generation, Level, Role
from portal.demo import DEMO_COMMUNE_CODE, DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def bac_kan(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE)


@pytest.fixture
def dong_phuc(db) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation=Generation.LEGACY, level=Level.COMMUNE, code=DEMO_COMMUNE_CODE)


@pytest.fixture
def dvk_programme(db) -> Programme:
    """ "Dân vận khéo", seeded by the app's data migration."""
    return Programme.objects.get(code="dan-van-kheo")


@pytest.fixture
def friendly_programme(db) -> Programme:
    return Programme.objects.get(code="chinh-quyen-than-thien")


def make_official(username: str, agency: Agency, role: Role = Role.DEPARTMENT_OFFICER, position: str = "") -> User:
    user = official_create(
        actor=None,
        username=username,
        full_name=username.replace(".", " ").title(),
        password="mat-khau-thu-nghiem-1",
        agency=agency,
        roles=[role],
        position=position,
    )
    return User.objects.select_related("agency__unit").get(pk=user.pk)


def province_agency(province: AdministrativeUnit, short_name: str) -> Agency:
    return Agency.objects.get(unit=province, short_name=short_name)


@pytest.fixture
def movement_officer(db) -> User:
    """tinh.danvan: the department officer of Ban Dân vận Tỉnh ủy Bắc Kạn, who runs the movement."""
    return User.objects.select_related("agency__unit").get(username="tinh.danvan")


@pytest.fixture
def commune_movement_officer(db) -> User:
    """xa.danvan: the officer in charge of the movement at Xã Đồng Phúc's People's Committee."""
    return User.objects.select_related("agency__unit").get(username="xa.danvan")


@pytest.fixture
def sokhcn(bac_kan) -> Agency:
    agency, _created = Agency.objects.get_or_create(
        unit=bac_kan,
        name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        defaults={"short_name": "SKHCN", "kind": AgencyKind.DEPARTMENT},
    )
    return agency


@pytest.fixture
def department_officer_sokhcn(sokhcn) -> User:
    """An officer of the Department of Science and Technology, who registers the department's models."""
    return make_official("skhcn.danvan", sokhcn, position="Chuyên viên Văn phòng Sở")


@pytest.fixture
def council_members(bac_kan) -> list[User]:
    """The chair (a deputy head of Ban Dân vận) and two members from the Home Affairs and Natural Resources
    departments; none of them works for the Department of Science and Technology."""
    return [
        make_official("hd.chutich", province_agency(bac_kan, "BDV"), Role.LEADER, "Phó Trưởng Ban Dân vận"),
        make_official("hd.snv", province_agency(bac_kan, "SNV"), position="Phó Giám đốc Sở Nội vụ"),
        make_official("hd.stnmt", province_agency(bac_kan, "STNMT"), position="Phó Giám đốc Sở Tài nguyên"),
    ]


@pytest.fixture
def round_window() -> tuple[dt.date, dt.date]:
    return today() - dt.timedelta(days=30), today() + dt.timedelta(days=30)


@pytest.fixture
def province_round(dvk_programme, bac_kan, movement_officer, council_members, round_window):
    """Bắc Kạn's province round of this year: registration open today, the default criteria (100 points for a
    collective), pass at 70, flagged above a 15-point spread, and its council of three."""
    opens, closes = round_window
    round_ = round_create(
        actor=movement_officer,
        programme=dvk_programme,
        unit=bac_kan,
        year=today().year,
        name=f"Mô hình “Dân vận khéo” cấp tỉnh năm {today().year}",
        registration_opens=opens,
        registration_closes=closes,
        recognition_level=RecognitionLevel.PROVINCE,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
        launch_number="125-KH/BDVTU",
        launch_date=opens,
        launch_issuer="Ban Dân vận Tỉnh ủy Bắc Kạn",
    )
    council_set(
        actor=movement_officer,
        round=round_,
        members=[
            (council_members[0], CouncilRole.CHAIR),
            (council_members[1], CouncilRole.MEMBER),
            (council_members[2], CouncilRole.MEMBER),
        ],
    )
    return round_


@pytest.fixture
def commune_round(dvk_programme, dong_phuc, commune_movement_officer, round_window):
    """Xã Đồng Phúc's own round of this year (commune level), with the default criteria and no council yet."""
    opens, closes = round_window
    return round_create(
        actor=commune_movement_officer,
        programme=dvk_programme,
        unit=dong_phuc,
        year=today().year,
        name=f"Mô hình “Dân vận khéo” xã Đồng Phúc năm {today().year}",
        registration_opens=opens,
        registration_closes=closes,
        recognition_level=RecognitionLevel.COMMUNE,
        pass_threshold=Decimal("60"),
        spread_threshold=Decimal("20"),
    )


def model_data(**overrides) -> dict:
    """The registration of the department's online public services model, every required element filled."""
    data = {
        "name": "Đẩy mạnh dịch vụ công trực tuyến toàn trình tại Sở Khoa học và Công nghệ",
        "field": Field.POLITICAL_SYSTEM,
        "owner_kind": OwnerKind.COLLECTIVE,
        "collective_kind": CollectiveKind.AGENCY,
        "owner_name": "Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        "address": "Tổ 1, phường Đức Xuân, thành phố Bắc Kạn",
        "situation": "Người dân, doanh nghiệp phải đến Sở nhiều lần để nộp hồ sơ giấy.",
        "goals": "100% thủ tục được nộp trực tuyến toàn trình; hài lòng trên 95%.",
        "content": "Rà soát thủ tục, hướng dẫn tại chỗ, hỗ trợ qua điện thoại và Zalo.",
        "target_area": "Tổ chức, cá nhân có thủ tục tại Sở.",
        "resources": "Trang thiết bị sẵn có; cán bộ Văn phòng Sở.",
        "timeline": "Từ tháng 3 đến tháng 12.",
        "outputs": "Tỷ lệ hồ sơ trực tuyến, số lượt hỗ trợ, phiếu khảo sát hài lòng.",
        "replication_plan": "Áp dụng cho các sở, ngành có thủ tục hành chính.",
    }
    data.update(overrides)
    return data


FORCES = [
    {"role": ForceRole.LEAD, "name": "Văn phòng Sở", "task": "Chủ trì, hướng dẫn người dân"},
    {"role": ForceRole.COORDINATING, "name": "Trung tâm Phục vụ hành chính công tỉnh", "task": "Tiếp nhận hồ sơ"},
]


def complete_self_assessment(model, actor) -> None:
    """State how the model meets every criterion that applies to it, with a note of the evidence."""
    for criterion in model.round.criteria.all():
        if criterion.applies(model.owner_kind):
            self_assessment_save(
                actor=actor,
                model=model,
                criterion=criterion,
                statement=f"Đáp ứng: {criterion.text}",
                evidence_note="Báo cáo số 15/BC-SKHCN",
            )


@pytest.fixture
def draft_model(province_round, department_officer_sokhcn):
    """The department's model, registered as a draft; its self-assessment is not done yet."""
    return model_create(actor=department_officer_sokhcn, round=province_round, data=model_data(), forces=FORCES)


@pytest.fixture
def evaluating_model(draft_model, department_officer_sokhcn, movement_officer):
    """The department's model, self-assessed, submitted, taken into evaluation, and given to the council."""
    complete_self_assessment(draft_model, department_officer_sokhcn)
    model = model_submit(actor=department_officer_sokhcn, model=draft_model)
    model_start_evaluation(actor=movement_officer, models=[model])
    assignments_make(actor=movement_officer, round=model.round)
    model.refresh_from_db()
    return model
