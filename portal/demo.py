"""Demo province for `make run` and screenshots: Bắc Kạn as it was before 1 July 2025, and its
successor on the two-level map since then, Tỉnh Thái Nguyên (the communes that took over Bắc Kạn's).

Deterministic for a given seed, and idempotent: running it again updates nothing it already
made (accounts get their demo password back). Later apps extend it with their own records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from portal.choices import AgencyKind, Generation, Level, Role
from portal.models import AdministrativeUnit, Agency, UnitSuccession, User
from portal.services import official_create, official_set_roles
from portal.unit_import import units_link_successions, units_load

DEMO_PROVINCE_CODE = "06"  # Bắc Kạn, legacy three-level map
DEMO_DISTRICT_CODE = "061"  # Huyện Ba Bể
DEMO_COMMUNE_CODE = "01933"  # Xã Đồng Phúc (Ba Bể)
NEIGHBOUR_COMMUNE_CODE = "01930"  # Xã Hoàng Trĩ (Ba Bể)
REMOTE_DISTRICT_CODES = ("060", "066")  # Pác Nặm, Na Rì: mountain districts flagged remote for the demo
CURRENT_PROVINCE_CODE = "19"  # Tỉnh Thái Nguyên, which took over Bắc Kạn on 1 July 2025
CURRENT_COMMUNE_CODE = "01933"  # Xã Đồng Phúc (2025): the old Đồng Phúc, Hoàng Trĩ, Quảng Khê and Bằng Phúc

PROVINCE_AGENCIES = [
    ("UBND", "Ủy ban nhân dân tỉnh {name}", AgencyKind.PEOPLES_COMMITTEE),
    ("BTCD", "Ban Tiếp công dân tỉnh {name}", AgencyKind.RECEPTION_OFFICE),
    ("TTr", "Thanh tra tỉnh {name}", AgencyKind.INSPECTORATE),
    ("BDV", "Ban Dân vận Tỉnh ủy {name}", AgencyKind.PARTY_COMMITTEE),
    ("MTTQ", "Ủy ban MTTQ Việt Nam tỉnh {name}", AgencyKind.FATHERLAND_FRONT),
    ("SNV", "Sở Nội vụ tỉnh {name}", AgencyKind.DEPARTMENT),
    ("STNMT", "Sở Tài nguyên và Môi trường tỉnh {name}", AgencyKind.DEPARTMENT),
    ("STP", "Sở Tư pháp tỉnh {name}", AgencyKind.DEPARTMENT),
    ("SLĐTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh {name}", AgencyKind.DEPARTMENT),
    ("HND", "Hội Nông dân tỉnh {name}", AgencyKind.SOCIO_POLITICAL),
]
DISTRICT_AGENCIES = [
    ("UBND", "Ủy ban nhân dân {name}", AgencyKind.PEOPLES_COMMITTEE),
    ("TTr", "Thanh tra {name}", AgencyKind.INSPECTORATE),
    ("BDV", "Ban Dân vận Huyện ủy {name}", AgencyKind.PARTY_COMMITTEE),
    ("PNV", "Phòng Nội vụ {name}", AgencyKind.DEPARTMENT),
]
COMMUNE_AGENCIES = [("UBND", "Ủy ban nhân dân {name}", AgencyKind.PEOPLES_COMMITTEE)]

# Which agency each role works in, by level (the short name of an agency above).
ROLE_AGENCY = {
    Level.PROVINCE: {
        Role.RECEPTION_OFFICER: "BTCD",
        Role.PETITION_HANDLER: "BTCD",
        Role.DEPARTMENT_OFFICER: "BDV",
        Role.REFORM_OFFICER: "SNV",
        Role.LEADER: "UBND",
        Role.INSPECTOR: "TTr",
        Role.ADMINISTRATOR: "SNV",
    },
    Level.DISTRICT: {
        Role.RECEPTION_OFFICER: "UBND",
        Role.PETITION_HANDLER: "TTr",
        Role.DEPARTMENT_OFFICER: "BDV",
        Role.REFORM_OFFICER: "PNV",
        Role.LEADER: "UBND",
        Role.INSPECTOR: "TTr",
        Role.ADMINISTRATOR: "PNV",
    },
    Level.COMMUNE: {role: "UBND" for role in Role},
}
POSITION = {
    Role.RECEPTION_OFFICER: "Chuyên viên tiếp công dân",
    Role.PETITION_HANDLER: "Chuyên viên xử lý đơn",
    Role.DEPARTMENT_OFFICER: "Chuyên viên dân vận",
    Role.REFORM_OFFICER: "Chuyên viên cải cách hành chính",
    Role.LEADER: "Chủ tịch",
    Role.INSPECTOR: "Thanh tra viên",
    Role.ADMINISTRATOR: "Quản trị hệ thống",
}
LEVEL_PREFIX = {Level.PROVINCE: "tinh", Level.DISTRICT: "huyen", Level.COMMUNE: "xa"}
CURRENT_LEVEL_PREFIX = {Level.PROVINCE: "tn", Level.COMMUNE: "tnxa"}  # the two-level map's accounts
ROLE_SUFFIX = {
    Role.RECEPTION_OFFICER: "tiepdan",
    Role.PETITION_HANDLER: "xulydon",
    Role.DEPARTMENT_OFFICER: "danvan",
    Role.REFORM_OFFICER: "cchc",
    Role.LEADER: "lanhdao",
    Role.INSPECTOR: "thanhtra",
    Role.ADMINISTRATOR: "quantri",
}
FAMILY = ["Nguyễn", "Trần", "Lê", "Hoàng", "Phạm", "Nông", "Hà", "Triệu", "Lục", "Ma", "Đàm", "Lường"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Hồng", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dung",
    "Hạnh",
    "Hùng",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quý",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    agency: str


def demo_username(level: Level, role: Role, neighbour: bool = False) -> str:
    return f"{LEVEL_PREFIX[level]}{'2' if neighbour else ''}.{ROLE_SUFFIX[role]}"


@transaction.atomic
def seed_organisation(*, seed: int, password: str) -> list[DemoAccount]:
    """Create the demo province's agencies and one account per role and level."""
    rng = random.Random(seed)
    if not AdministrativeUnit.objects.filter(generation=Generation.LEGACY).exists():
        units_load(generation=Generation.LEGACY)
    province = AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE
    )
    AdministrativeUnit.objects.filter(
        generation=Generation.LEGACY, level=Level.COMMUNE, parent__code__in=REMOTE_DISTRICT_CODES
    ).update(remote_area=True)

    short_province = province.name.removeprefix("Tỉnh ").strip()
    province_agencies = _ensure_agencies(province, PROVINCE_AGENCIES, short_province, parent=None)
    district_agencies: dict[str, dict[str, Agency]] = {}
    commune_agencies: dict[str, dict[str, Agency]] = {}
    for district in province.children.order_by("code"):
        district_agencies[district.code] = _ensure_agencies(
            district, DISTRICT_AGENCIES, district.name, parent=province_agencies["UBND"]
        )
        for commune in district.children.order_by("code"):
            commune_agencies[commune.code] = _ensure_agencies(
                commune, COMMUNE_AGENCIES, commune.name, parent=district_agencies[district.code]["UBND"]
            )

    placements = [
        (Level.PROVINCE, province_agencies, False),
        (Level.DISTRICT, district_agencies[DEMO_DISTRICT_CODE], False),
        (Level.COMMUNE, commune_agencies[DEMO_COMMUNE_CODE], False),
        (Level.COMMUNE, commune_agencies[NEIGHBOUR_COMMUNE_CODE], True),
    ]
    accounts = []
    hashed = make_password(password)  # one slow hash shared by every demo account
    for level, agencies, neighbour in placements:
        for role in Role:
            agency = agencies[ROLE_AGENCY[level][role]]
            full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            username = demo_username(level, role, neighbour)
            official = _ensure_official(username, full_name, agency, role, hashed)
            accounts.append(DemoAccount(username, full_name, role, agency.name))
            if role == Role.LEADER and agency.head_id is None:
                agency.head = official  # the chairperson heads the People's Committee
                agency.save(update_fields=["head"])

    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", password, full_name="Quản trị viên")
    else:
        User.objects.filter(username="admin").update(password=hashed)
    return accounts


def successor_communes(province_code: str = DEMO_PROVINCE_CODE) -> dict[int, AdministrativeUnit]:
    """Each legacy commune of the province (by id) with the 2025 commune that took it over: the one
    that took it whole, else (a commune split among several) the first by code."""
    links = (
        UnitSuccession.objects.filter(
            predecessor__generation=Generation.LEGACY,
            predecessor__level=Level.COMMUNE,
            predecessor__path__startswith=f"{Generation.LEGACY}/{province_code}/",
            successor__level=Level.COMMUNE,
        )
        .select_related("successor")
        .order_by("predecessor_id", "partial", "successor__code")
    )
    successors: dict[int, AdministrativeUnit] = {}
    for link in links:
        successors.setdefault(link.predecessor_id, link.successor)
    return successors


@transaction.atomic
def seed_organisation_current(*, seed: int, password: str) -> list[DemoAccount]:
    """The demo province on the two-level map (from 1 July 2025): Tỉnh Thái Nguyên's agencies, a People's
    Committee for each commune that took over a Bắc Kạn commune, and one account per role in the
    province (tn.*) and in Xã Đồng Phúc (tnxa.*). Loads either map where missing and links them."""
    rng = random.Random(f"{seed}-2025")
    for generation in (Generation.LEGACY, Generation.CURRENT):
        if not AdministrativeUnit.objects.filter(generation=generation).exists():
            units_load(generation=generation)
    units_link_successions()  # creates only the links missing
    province = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )
    successors = successor_communes()
    communes = sorted(
        {u.pk: u for u in successors.values() if u.parent_id == province.pk}.values(), key=lambda u: u.code
    )
    # a commune that took over a remote one is remote too (longer complaint deadlines)
    remote_legacy = AdministrativeUnit.objects.filter(pk__in=list(successors), remote_area=True)
    taking_over_remote = {successors[pk].pk for pk in remote_legacy.values_list("pk", flat=True)}
    AdministrativeUnit.objects.filter(pk__in=taking_over_remote, remote_area=False).update(remote_area=True)

    short_province = province.name.removeprefix("Tỉnh ").strip()
    province_agencies = _ensure_agencies(province, PROVINCE_AGENCIES, short_province, parent=None)
    commune_agencies = {
        commune.code: _ensure_agencies(commune, COMMUNE_AGENCIES, commune.name, parent=province_agencies["UBND"])
        for commune in communes
    }
    placements = [
        (Level.PROVINCE, province_agencies),
        (Level.COMMUNE, commune_agencies[CURRENT_COMMUNE_CODE]),
    ]
    accounts = []
    hashed = make_password(password)
    for level, agencies in placements:
        for role in Role:
            agency = agencies[ROLE_AGENCY[level][role]]
            full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            username = f"{CURRENT_LEVEL_PREFIX[level]}.{ROLE_SUFFIX[role]}"
            official = _ensure_official(username, full_name, agency, role, hashed)
            accounts.append(DemoAccount(username, full_name, role, agency.name))
            if role == Role.LEADER and agency.head_id is None:
                agency.head = official
                agency.save(update_fields=["head"])
    return accounts


def _ensure_agencies(unit, templates, name, parent) -> dict[str, Agency]:
    agencies = {}
    for short, pattern, kind in templates:
        agency, _created = Agency.objects.get_or_create(
            unit=unit,
            name=pattern.format(name=name),
            defaults={"short_name": short, "kind": kind, "parent": parent},
        )
        agencies[short] = agency
    return agencies


def _ensure_official(username: str, full_name: str, agency: Agency, role: Role, hashed: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        return official_create(
            actor=None,
            username=username,
            password_hash=hashed,
            full_name=full_name,
            agency=agency,
            roles=[role],
            position=POSITION[role],
        )
    User.objects.filter(pk=user.pk).update(password=hashed)
    if not user.groups.filter(name=role.value).exists():
        official_set_roles(actor=None, official=user, roles=[role])
    return user
