"""Demo support for disadvantaged communes, on the 2025 map, sized like Sơn La's 2024 report (seed 004).

Tỉnh Thái Nguyên's communes that took over Bắc Kạn's get their region (35 in region III, by Decision
861/QĐ-TTg as carried over on 1 July 2025, the rest region II); 30 provincial agencies are assigned to the
region III communes for the demo's year, each with a plan; their activities run from January to the demo's
today: most confirmed by the commune, some waiting for it, one returned, and three agencies with nothing.

Deterministic for a seed and idempotent: statuses, assignments and activities are created once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from portal.choices import AgencyKind, Generation, Level
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM
from portal.demo import CURRENT_PROVINCE_CODE, successor_communes
from portal.models import AdministrativeUnit, Agency
from portal.unit_status import unit_status_record
from support.models import ActivityType, Assignment
from support.services import (
    ActivityData,
    activity_confirm,
    activity_record,
    activity_return,
    assignment_create,
    plan_item_save,
)

REGION_III_COMMUNES = 35
INACTIVE_AGENCIES = 3  # the last ones: assigned, and nothing delivered
AGENCIES = [
    ("Sở Y tế", AgencyKind.DEPARTMENT),
    ("Sở Giáo dục và Đào tạo", AgencyKind.DEPARTMENT),
    ("Sở Nông nghiệp và Môi trường", AgencyKind.DEPARTMENT),
    ("Sở Xây dựng", AgencyKind.DEPARTMENT),
    ("Sở Tài chính", AgencyKind.DEPARTMENT),
    ("Sở Công Thương", AgencyKind.DEPARTMENT),
    ("Sở Khoa học và Công nghệ", AgencyKind.DEPARTMENT),
    ("Sở Văn hóa, Thể thao và Du lịch", AgencyKind.DEPARTMENT),
    ("Sở Dân tộc và Tôn giáo", AgencyKind.DEPARTMENT),
    ("Văn phòng Ủy ban nhân dân tỉnh", AgencyKind.DEPARTMENT),
    ("Sở Tư pháp", AgencyKind.DEPARTMENT),
    ("Bộ Chỉ huy Quân sự tỉnh", AgencyKind.OTHER),
    ("Công an tỉnh", AgencyKind.OTHER),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", AgencyKind.OTHER),
    ("Ngân hàng Chính sách xã hội chi nhánh tỉnh", AgencyKind.OTHER),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh tỉnh", AgencyKind.OTHER),
    ("Công ty Điện lực tỉnh", AgencyKind.OTHER),
    ("Viễn thông tỉnh", AgencyKind.OTHER),
    ("Viettel tỉnh", AgencyKind.OTHER),
    ("Bưu điện tỉnh", AgencyKind.OTHER),
    ("Bảo hiểm xã hội tỉnh", AgencyKind.OTHER),
    ("Kho bạc Nhà nước tỉnh", AgencyKind.OTHER),
    ("Cục Thuế tỉnh", AgencyKind.OTHER),
    ("Trường Cao đẳng tỉnh", AgencyKind.OTHER),
    ("Bệnh viện Đa khoa tỉnh", AgencyKind.OTHER),
    ("Công ty Cổ phần Cấp thoát nước tỉnh", AgencyKind.OTHER),
    ("Hội Chữ thập đỏ tỉnh", AgencyKind.SOCIO_POLITICAL),
    ("Tỉnh đoàn", AgencyKind.SOCIO_POLITICAL),
    ("Hội Liên hiệp Phụ nữ tỉnh", AgencyKind.SOCIO_POLITICAL),
    ("Liên đoàn Lao động tỉnh", AgencyKind.SOCIO_POLITICAL),
]
# What each kind of support looks like: (type code, description, in-kind value range in million VND, people).
WORK = [
    ("medical", "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi và trẻ em", (20, 60), (150, 400)),
    ("visits_gifts", "Thăm hỏi, tặng quà gia đình chính sách và học sinh nghèo", (10, 40), (30, 120)),
    ("houses", "Hỗ trợ xây nhà đại đoàn kết, xóa nhà tạm", (60, 180), (4, 12)),
    ("labour", "Ngày công làm đường bê tông, khơi thông kênh mương", (5, 20), (40, 150)),
    ("seedlings_livestock", "Cấp cây giống, con giống cho hộ nghèo", (15, 50), (20, 80)),
    ("training_law", "Tập huấn kỹ thuật, tuyên truyền phổ biến pháp luật", (3, 10), (60, 200)),
    ("schools", "Hỗ trợ bếp ăn bán trú, đồ dùng học tập", (20, 80), (80, 300)),
    ("guidance", "Hướng dẫn chuyên môn, ứng dụng khoa học kỹ thuật", (2, 8), (20, 60)),
]


def _communes() -> tuple[AdministrativeUnit, list[AdministrativeUnit]]:
    province = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )
    successors = {u.pk: u for u in successor_communes().values() if u.parent_id == province.pk}
    return province, sorted(successors.values(), key=lambda u: u.code)


def _statuses(communes: list[AdministrativeUnit]) -> None:
    for index, commune in enumerate(communes):
        if commune.statuses.exists():
            continue
        unit_status_record(
            actor=None,
            unit=commune,
            valid_from=TWO_LEVEL_GOVERNMENT_FROM,
            region="III" if index < REGION_III_COMMUNES else "II",
            ethnic_minority_area=True,
            remote_area=commune.remote_area,  # keep the flag the petitions were given
            decision_number="861/QĐ-TTg",
            decision_date=dt.date(2021, 6, 4),
            note="Danh sách xã khu vực III giai đoạn 2021–2025, chuyển sang đơn vị hành chính mới từ 01/7/2025.",
        )


@transaction.atomic
def seed_support(*, seed: int, as_of: dt.date | None = None) -> int:
    """Create the demo's statuses, assignments and activities where missing; returns the activities created now."""
    as_of = min(as_of or timezone.localdate(), timezone.localdate())
    if as_of < TWO_LEVEL_GOVERNMENT_FROM:
        return 0
    province, communes = _communes()
    _statuses(communes)
    year = as_of.year
    if Assignment.objects.filter(year=year, commune__parent=province).exists():
        return 0
    rng = random.Random(f"{seed}-support-{year}")
    short = province.name.removeprefix("Tỉnh ").strip()
    agencies = [
        Agency.objects.get_or_create(
            unit=province,
            name=f"{name} {short}" if name.endswith("tỉnh") else f"{name} tỉnh {short}",
            defaults={"kind": kind, "short_name": name[:30]},
        )[0]
        for name, kind in AGENCIES
    ]
    types = {t.code: t for t in ActivityType.objects.all()}
    decided = min(dt.date(year, 1, 10), as_of)
    created = 0
    region_iii = communes[:REGION_III_COMMUNES]
    for index, commune in enumerate(region_iii):
        agency = agencies[index % len(agencies)]
        [assignment] = assignment_create(
            actor=None,
            year=year,
            agency=agency,
            communes=[commune],
            decision_number=f"35/QĐ-UBND ngày {decided:%d/%m/%Y}",
            decision_date=decided,
            starts_on=dt.date(year, 1, 1),
        )
        work = rng.sample(WORK, 3)
        for code, text, (low, high), (few, many) in work:
            plan_item_save(
                actor=None,
                assignment=assignment,
                activity_type=types[code],
                target=text,
                planned_value_vnd=rng.randint(low, high) * 2_000_000,
                people_to_reach=rng.randint(few, many) * 2,
            )
        if index % len(agencies) >= len(agencies) - INACTIVE_AGENCIES:
            continue
        days = sorted(
            dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, (as_of - dt.date(year, 1, 1)).days))
            for _ in range(5)
        )
        for number, day in enumerate(days):
            code, text, (low, high), (few, many) = rng.choice(work)
            people = rng.randint(few, many)
            activity = activity_record(
                actor=None,
                assignment=assignment,
                data=ActivityData(
                    activity_type=types[code],
                    date=day,
                    description=f"{text} tại {commune.name}",
                    money_vnd=rng.choice([0, 0, rng.randint(1, 10) * 1_000_000]),
                    in_kind_vnd=rng.randint(low, high) * 1_000_000,
                    quantity=people if code in ("medical", "visits_gifts") else None,
                    beneficiaries=people,
                    beneficiaries_female=people // 2,
                    beneficiaries_ethnic_minority=people * 4 // 5,
                    import_key=f"demo-{number}",
                ),
                submit=True,
            )
            created += 1
            last = number == len(days) - 1
            if last and index % 4 == 0:
                continue  # waiting for the commune's confirmation: its leaders' live work
            if last and index == 1:
                activity_return(
                    actor=None, activity=activity, reason="Đề nghị bổ sung biên bản bàn giao có xác nhận của thôn."
                )
                continue
            activity_confirm(actor=None, activity=activity)
    return created
