import datetime as dt

import pytest
import time_machine

from portal.choices import AgencyKind, Role
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create
from support.models import ActivityType
from support.services import ActivityData, assignment_create

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


def _persona(username):
    @pytest.fixture
    def persona(db) -> User:
        return User.objects.select_related("agency__unit").get(username=username)

    return persona


danvan = _persona("tinh.danvan")  # Ban Dân vận Tỉnh ủy Bắc Kạn: assigns agencies to communes
commune_leader = _persona("xa.lanhdao")  # Chủ tịch UBND xã Đồng Phúc: confirms what the commune received
neighbour_leader = _persona("xa2.lanhdao")  # Xã Hoàng Trĩ


@pytest.fixture
def dong_phuc(commune_leader) -> AdministrativeUnit:
    return commune_leader.agency.unit


@pytest.fixture
def hoang_tri(neighbour_leader) -> AdministrativeUnit:
    return neighbour_leader.agency.unit


@pytest.fixture
def department(danvan) -> Agency:
    return Agency.objects.create(
        unit=danvan.agency.unit, name="Sở Y tế tỉnh Bắc Kạn", short_name="SYT", kind=AgencyKind.DEPARTMENT
    )


@pytest.fixture
def other_department(danvan) -> Agency:
    return Agency.objects.create(
        unit=danvan.agency.unit, name="Sở Giáo dục và Đào tạo", short_name="SGD", kind=AgencyKind.DEPARTMENT
    )


def _officer(username, agency):
    return official_create(
        actor=None,
        username=username,
        full_name="Lò Văn Hải",
        password="Hotro-2026-xa",
        agency=agency,
        roles=[Role.DEPARTMENT_OFFICER],
    )


@pytest.fixture
def health_officer(department) -> User:
    return _officer("syt.hotro", department)


@pytest.fixture
def school_officer(other_department) -> User:
    return _officer("sgd.hotro", other_department)


@pytest.fixture
def medical() -> ActivityType:
    return ActivityType.objects.get(code="medical")


@pytest.fixture
def assignment(danvan, department, dong_phuc):
    return assignment_create(
        actor=danvan,
        year=2026,
        agency=department,
        communes=[dong_phuc],
        decision_number="125/QĐ-UBND",
        decision_date=dt.date(2026, 1, 15),
    )[0]


@pytest.fixture
def examination(medical):
    def make(**kwargs):
        fields = {
            "activity_type": medical,
            "date": dt.date(2026, 10, 12),
            "description": "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi thôn Nà Làng",
            "money_vnd": 0,
            "in_kind_vnd": 45_000_000,
            "quantity": 320,
            "beneficiaries": 320,
            "beneficiaries_female": 170,
            "beneficiaries_ethnic_minority": 290,
        }
        fields.update(kwargs)
        return ActivityData(**fields)

    return make
