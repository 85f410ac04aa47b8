"""Demo petitions for the demo province: Bắc Kạn's petition register 2022–2024, as an import.

Bắc Kạn reports 6,921 complaints, denunciations, recommendations and reflections received from
2022 to 2024, and a resolution rate above 80% every year; the volumes below follow that. The
rows are built in memory and fed through `petitions_import`, so the demo takes the same path as
a real register (validation, deadline engine, bulk writes). Deterministic for a seed, and
idempotent: a second run finds every register number and creates nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass

from petitions.choices import Channel, Complexity, Field, Kind, Outcome
from petitions.importer import COLUMN_NAMES, petitions_import
from portal.choices import AgencyKind, Generation, Level
from portal.demo import FAMILY, GIVEN
from portal.models import AdministrativeUnit, Agency

DEMO_VOLUMES = {2022: 2380, 2023: 2310, 2024: 2231}  # 6,921 petitions in all
AS_OF = dt.date(2024, 12, 31)  # the register is as it stood at the end of 2024

MORE_FAMILY = ["Bế", "Dương", "La", "Lý", "Đinh", "Vi", "Chu", "Hứa", "Mông", "Bàn"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu"]
FEMALE_MIDDLE = ["Thị", "Thu", "Hồng", "Ngọc", "Thanh"]
MORE_GIVEN = ["Chiến", "Dũng", "Giang", "Hải", "Hoa", "Khánh", "Liên", "Nguyệt", "Pháo", "Quyết", "Thắm", "Toản"]
VILLAGES = [
    "Nà Làng",
    "Bản Vàn",
    "Cốc Tộc",
    "Nà Phài",
    "Khuổi Tẩu",
    "Pác Ngòi",
    "Bó Lù",
    "Nà Mằm",
    "Phiêng Chì",
    "Khau Ả",
    "Tổng Ngay",
    "Nà Hin",
    "Bản Đồn",
    "Nặm Dất",
]
PROJECTS = [
    "cải tạo, nâng cấp Quốc lộ 279",
    "hồ chứa nước Nặm Cắt",
    "Khu công nghiệp Thanh Bình",
    "đường tránh thành phố Bắc Kạn",
    "cải tạo, nâng cấp Quốc lộ 3B",
    "đường liên xã",
    "trường mầm non trung tâm xã",
]
RIVERS = ["sông Năng", "sông Cầu", "sông Bắc Giang", "sông Chợ Chu"]

# (kind group, field) → summaries; {village}, {project}, {river}, {year}, {n} are filled in.
SUMMARIES: dict[tuple[str, str], list[str]] = {
    ("complaint", Field.LAND_HOUSING): [
        "Khiếu nại Quyết định số {n}/QĐ-UBND thu hồi đất của hộ gia đình tại thôn {village} "
        "để thực hiện dự án {project}",
        "Khiếu nại mức bồi thường, hỗ trợ khi giải phóng mặt bằng dự án {project}",
        "Khiếu nại việc không được bố trí tái định cư khi thu hồi đất ở tại thôn {village}",
        "Khiếu nại việc cấp Giấy chứng nhận quyền sử dụng đất chồng lấn lên thửa đất của gia đình tại thôn {village}",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng nhà ở trên đất nông nghiệp",
    ],
    ("complaint", Field.POLICY): [
        "Khiếu nại việc không được xét hỗ trợ hộ nghèo năm {year}",
        "Khiếu nại việc cắt trợ cấp xã hội hằng tháng đối với người cao tuổi",
        "Khiếu nại việc không được hưởng chế độ người có công với cách mạng",
    ],
    ("complaint", Field.OFFICIALS): [
        "Khiếu nại quyết định kỷ luật khiển trách đối với viên chức trường tiểu học",
        "Khiếu nại kết quả xét tuyển công chức cấp xã năm {year}",
    ],
    ("complaint", Field.OTHER): [
        "Khiếu nại quyết định đình chỉ hoạt động cơ sở chế biến gỗ tại thôn {village}",
    ],
    ("denunciation", Field.OFFICIALS): [
        "Tố cáo cán bộ địa chính xã gây khó khăn, nhũng nhiễu khi làm thủ tục cấp Giấy chứng nhận quyền sử dụng đất",
        "Tố cáo Trưởng thôn {village} tự ý thu tiền đóng góp xây dựng nhà văn hóa",
        "Tố cáo công chức bộ phận một cửa có thái độ hách dịch, chậm trả kết quả hồ sơ",
    ],
    ("denunciation", Field.CORRUPTION): [
        "Tố cáo việc lập hồ sơ khống để nhận tiền hỗ trợ giống cây trồng năm {year}",
        "Tố cáo sai phạm trong nghiệm thu, thanh toán công trình đường giao thông thôn {village}",
        "Tố cáo việc chi sai tiền hỗ trợ nhà ở cho hộ nghèo",
    ],
    ("denunciation", Field.LAND_HOUSING): [
        "Tố cáo hộ gia đình lấn chiếm đất rừng phòng hộ tại thôn {village}, chính quyền xã không xử lý",
        "Tố cáo việc giao đất trái thẩm quyền tại thôn {village}",
    ],
    ("denunciation", Field.OTHER): [
        "Tố cáo hành vi khai thác cát, sỏi trái phép trên {river}",
    ],
    ("recommendation", Field.LAND_HOUSING): [
        "Đề nghị cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất số {n} tại thôn {village}",
        "Tranh chấp ranh giới đất với hộ liền kề tại thôn {village}, đề nghị xã hòa giải",
        "Đề nghị xem xét chuyển mục đích sử dụng đất để làm nhà ở",
        "Đề nghị được hỗ trợ chuyển đổi nghề khi bị thu hồi đất nông nghiệp cho dự án {project}",
    ],
    ("recommendation", Field.POLICY): [
        "Đề nghị xét hỗ trợ nhà ở cho hộ nghèo, hộ có hoàn cảnh khó khăn tại thôn {village}",
        "Đề nghị giải quyết chế độ bảo hiểm y tế cho người dân tộc thiểu số vùng đặc biệt khó khăn",
        "Đề nghị chi trả kịp thời tiền hỗ trợ bảo vệ rừng năm {year}",
        "Đề nghị xem xét công nhận hộ cận nghèo năm {year}",
    ],
    ("recommendation", Field.JUDICIAL): [
        "Đề nghị cơ quan thi hành án dân sự tổ chức thi hành bản án đã có hiệu lực",
    ],
    ("recommendation", Field.PARTY_MASS_ORG): [
        "Kiến nghị về việc thu các khoản đóng góp của chi hội nông dân thôn {village}",
    ],
    ("recommendation", Field.OTHER): [
        "Kiến nghị sửa chữa đường giao thông thôn {village} bị sạt lở sau mưa lũ",
        "Kiến nghị đầu tư công trình nước sinh hoạt tập trung cho thôn {village}",
        "Kiến nghị kéo điện lưới quốc gia về thôn {village}",
    ],
    ("reflection", Field.LAND_HOUSING): [
        "Phản ánh việc san lấp mặt bằng lấn chiếm đất sản xuất tại thôn {village}",
        "Phản ánh việc xây dựng nhà ở không phép trên hành lang an toàn giao thông",
    ],
    ("reflection", Field.POLICY): [
        "Phản ánh việc bình xét hộ nghèo tại thôn {village} chưa công khai, minh bạch",
        "Phản ánh việc chậm chi trả chế độ cho học sinh bán trú",
    ],
    ("reflection", Field.OFFICIALS): [
        "Phản ánh thái độ, tác phong của công chức bộ phận tiếp nhận và trả kết quả",
    ],
    ("reflection", Field.OTHER): [
        "Phản ánh ô nhiễm môi trường do cơ sở chế biến gỗ tại thôn {village}",
        "Phản ánh tình trạng khai thác cát, sỏi trái phép trên {river}",
        "Phản ánh chất lượng công trình nhà văn hóa thôn {village} xuống cấp sau khi bàn giao",
        "Phản ánh xe chở quặng làm hư hỏng đường liên thôn {village}",
    ],
}
DETAILS = [
    "Gia đình đã nhiều lần đề nghị nhưng chưa được trả lời.",
    "Kèm theo đơn có bản sao giấy tờ liên quan.",
    "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết dứt điểm.",
    "Sự việc kéo dài, gây bức xúc trong nhân dân.",
]
FIELD_WEIGHTS = {
    Kind.COMPLAINT: [(Field.LAND_HOUSING, 65), (Field.POLICY, 20), (Field.OFFICIALS, 10), (Field.OTHER, 5)],
    Kind.DENUNCIATION: [(Field.OFFICIALS, 45), (Field.CORRUPTION, 25), (Field.LAND_HOUSING, 20), (Field.OTHER, 10)],
    "other": [
        (Field.LAND_HOUSING, 30),
        (Field.POLICY, 30),
        (Field.OTHER, 30),
        (Field.OFFICIALS, 4),
        (Field.JUDICIAL, 3),
        (Field.PARTY_MASS_ORG, 3),
    ],
}
DEPARTMENT_FOR_FIELD = {Field.LAND_HOUSING: "STNMT", Field.POLICY: "SLĐTBXH", Field.OFFICIALS: "SNV"}
UNQUALIFIED_REASONS = [
    "Đơn không ghi rõ họ tên, địa chỉ, không có chữ ký",
    "Nội dung không rõ ràng, không cụ thể",
    "Đơn đã được giải quyết đúng chính sách, pháp luật, không có tình tiết mới",
]
DUPLICATE_REASON = "Đơn trùng nội dung đã được thụ lý, giải quyết"
ANONYMOUS_REASON = "Đơn nặc danh, không rõ người tố cáo"


@dataclass
class _Place:
    unit: AdministrativeUnit
    parent: AdministrativeUnit | None
    communes: list[AdministrativeUnit]  # where its petitioners live


def seed_petitions(*, seed: int, province_code: str = "06") -> int:
    """Import the demo register of a legacy province (agencies from portal.demo); returns petitions created."""
    rows = demo_rows(seed=seed, province_code=province_code)
    report = petitions_import(source=io.BytesIO(rows_to_csv(rows)), filename=f"demo-{province_code}-{seed}.csv")
    if not report.ok:
        raise RuntimeError("; ".join(report.error_lines()[:10]))
    return report.created


def rows_to_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMN_NAMES))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def demo_rows(*, seed: int, province_code: str = "06", volumes: dict[int, int] | None = None) -> list[dict]:
    """Register rows (import columns) for about `volumes[year]` petitions a year in the province."""
    return _Generator(seed, province_code).rows(volumes or DEMO_VOLUMES)


class _Generator:
    def __init__(self, seed: int, province_code: str):
        self.rng = random.Random(seed)
        province = AdministrativeUnit.objects.get(
            generation=Generation.LEGACY,
            level=Level.PROVINCE,
            code=AdministrativeUnit.pad_code(Level.PROVINCE, province_code),
        )
        self.province = province
        units = list(AdministrativeUnit.objects.filter(path__startswith=province.path).order_by("path"))
        by_id = {u.pk: u for u in units}
        districts = [u for u in units if u.level == Level.DISTRICT]
        communes = [u for u in units if u.level == Level.COMMUNE]
        self.communes = [_Place(c, by_id[c.parent_id], [c]) for c in communes]
        self.districts = [_Place(d, province, [c for c in communes if c.parent_id == d.pk]) for d in districts]
        self.province_place = _Place(province, None, communes)
        self.place_of = {p.unit.pk: p for p in [*self.communes, *self.districts, self.province_place]}
        committees = {}
        departments = {}
        for agency in Agency.objects.filter(unit__path__startswith=province.path).order_by("id"):
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
                committees.setdefault(agency.unit_id, agency.name)
            if agency.unit_id == province.pk:
                departments.setdefault(agency.short_name, agency.name)
        self.committees, self.departments = committees, departments
        self.sequence: dict[tuple[str, int], int] = {}
        self.matters = 0

    # --- small random helpers
    def pick(self, weighted):
        values, weights = zip(*weighted, strict=True)
        return self.rng.choices(values, weights)[0]

    def weekday(self, day: dt.date) -> dt.date:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        return day

    def person(self) -> str:
        family = self.rng.choice(FAMILY + MORE_FAMILY)
        middle = self.rng.choice(MALE_MIDDLE if self.rng.random() < 0.55 else FEMALE_MIDDLE)
        return f"{family} {middle} {self.rng.choice(GIVEN + MORE_GIVEN)}"

    def address(self, place: _Place) -> str:
        commune = self.rng.choice(place.communes)
        district = self.place_of[commune.parent_id].unit if commune.parent_id in self.place_of else None
        parts = [
            f"Thôn {self.rng.choice(VILLAGES)}",
            commune.name,
            district.name if district else "",
            self.province.name,
        ]
        return ", ".join(p for p in parts if p)

    def register_number(self, unit: AdministrativeUnit, year: int) -> str:
        key = (unit.code, year)
        self.sequence[key] = self.sequence.get(key, 0) + 1
        return f"L{unit.code}-{year}-S{self.sequence[key]:05d}"

    def content(self, kind: str, field: str, year: int, signers: int) -> str:
        text = self.rng.choice(SUMMARIES[(kind, field)]).format(
            village=self.rng.choice(VILLAGES),
            project=self.rng.choice(PROJECTS),
            river=self.rng.choice(RIVERS),
            year=year,
            n=self.rng.randint(12, 980),
        )
        detail = f"Đơn có {signers} người cùng ký tên." if signers > 1 else self.rng.choice(DETAILS)
        return f"{text}. {detail}"

    def settlement_days(self, kind: str, round_: int, complexity: str, remote: bool, extensions: int) -> int:
        """The legal limit for settlement (DOMAIN section 0), to place on-time and late settlements around."""
        is_complex = complexity != Complexity.NORMAL
        if kind == Kind.COMPLAINT:
            table = {1: (30, 45, 45, 60), 2: (45, 60, 60, 70)}[round_]
            return table[2 * remote + is_complex]
        if kind == Kind.DENUNCIATION:
            return 30 + 30 * extensions
        return 30

    # --- rows
    def rows(self, volumes: dict[int, int]) -> list[dict]:
        rows: list[dict] = []
        for year, target in sorted(volumes.items()):
            made = 0
            while made < target:
                matter = self.matter(year)
                rows.extend(matter)
                made += len(matter)
        return rows

    def matter(self, year: int) -> list[dict]:
        rng = self.rng
        self.matters += 1
        case_key = f"DEMO-{self.province.code}-{year}-{self.matters:05d}"
        places = self.pick([(self.communes, 62), (self.districts, 26), ([self.province_place], 12)])
        place = rng.choice(places)
        kind = self.pick(
            [(Kind.RECOMMENDATION, 34), (Kind.REFLECTION, 30), (Kind.COMPLAINT, 27), (Kind.DENUNCIATION, 9)]
        )
        field = self.pick(FIELD_WEIGHTS.get(kind, FIELD_WEIGHTS["other"]))
        if (kind, field) not in SUMMARIES:
            field = Field.OTHER
        received_on = self.weekday(dt.date(year, 1, 2) + dt.timedelta(days=rng.randrange(0, 360)))
        group = kind != Kind.DENUNCIATION and rng.random() < 0.08
        names = [self.person() for _ in range(rng.randint(3, 6) if group else 1)]
        anonymous = kind == Kind.DENUNCIATION and rng.random() < 0.08
        first = {
            "register_number": self.register_number(place.unit, received_on.year),
            "case_key": case_key,
            "kind": kind,
            "round": "1",
            "unit_generation": Generation.LEGACY,
            "unit_level": place.unit.level,
            "unit_code": place.unit.code,
            "received_on": received_on.isoformat(),
            "channel": self.pick(
                [(Channel.RECEPTION, 30), (Channel.MAIL, 45), (Channel.ONLINE, 10), (Channel.TRANSFER, 15)]
            ),
            "petitioner_name": "" if anonymous else "; ".join(names),
            "petitioner_address": "" if anonymous else self.address(place),
            "content": self.content(kind, field, year, len(names)),
            "field": field,
        }
        rows = [first]
        if anonymous:
            first |= {"qualified": "no", "unqualified_reason": ANONYMOUS_REASON, "outcome": Outcome.STORED}
            return rows
        if rng.random() < 0.06:
            reason = rng.choice(UNQUALIFIED_REASONS)
            first |= {"qualified": "no", "unqualified_reason": reason, "outcome": Outcome.STORED}
            return rows
        within = rng.random() < {Level.COMMUNE: 0.55, Level.DISTRICT: 0.65}.get(place.unit.level, 0.7)
        if not within:
            self.not_within(first, place, field)
            return rows

        self.accept_and_settle(first, place, kind, 1, received_on)
        if rng.random() < 0.07:  # the same petitioners write again: a duplicate joins the case
            rows.append(self.duplicate(first, place, received_on))
        second = self.second_round(first, place)
        if second is not None:
            rows.append(second)
        return rows

    def not_within(self, row: dict, place: _Place, field: str) -> None:
        outcome = self.pick([(Outcome.GUIDED, 40), (Outcome.TRANSFERRED, 45), (Outcome.URGED, 15)])
        target = ""
        if outcome == Outcome.TRANSFERRED:
            if place.parent is not None:
                target = self.committees.get(place.parent.pk, "")
            else:
                target = self.departments.get(DEPARTMENT_FOR_FIELD.get(field, "TTr"), "")
            if not target:
                outcome = Outcome.GUIDED
        row |= {"qualified": "yes", "within_authority": "no", "outcome": outcome, "transferred_to": target}

    def accept_and_settle(self, row: dict, place: _Place, kind: str, round_: int, received_on: dt.date) -> None:
        rng = self.rng
        accepted_on = self.weekday(received_on + dt.timedelta(days=rng.randint(2, 7)))
        if accepted_on > AS_OF:
            row |= {"qualified": "yes", "within_authority": "yes"}  # classified, acceptance pending
            return
        complexity, extensions = Complexity.NORMAL, 0
        if kind == Kind.COMPLAINT and rng.random() < 0.15:
            complexity = Complexity.COMPLEX
        if kind == Kind.DENUNCIATION:
            complexity = self.pick([(Complexity.NORMAL, 74), (Complexity.COMPLEX, 20), (Complexity.VERY_COMPLEX, 6)])
            if complexity == Complexity.COMPLEX and rng.random() < 0.7:
                extensions = 1
            elif complexity == Complexity.VERY_COMPLEX:
                extensions = 2 if rng.random() < 0.7 else 1
        limit = self.settlement_days(kind, round_, complexity, place.unit.remote_area, extensions)
        row |= {
            "qualified": "yes",
            "within_authority": "yes",
            "outcome": Outcome.ACCEPTED,
            "accepted_on": accepted_on.isoformat(),
            "complexity": complexity,
            "extensions": str(extensions),
        }
        draw = rng.random()
        open_share = 0.035 if accepted_on.year == AS_OF.year else 0.015
        if draw < open_share:
            return  # still open at the end of 2024, and past its deadline if accepted early enough
        withdrawn = kind == Kind.COMPLAINT and rng.random() < 0.07
        if withdrawn:
            settled_on = accepted_on + dt.timedelta(days=rng.randint(5, limit))
        elif draw < open_share + 0.09:
            settled_on = accepted_on + dt.timedelta(days=limit + rng.randint(3, 45))  # late
        else:
            settled_on = accepted_on + dt.timedelta(days=rng.randint(int(limit * 0.35), limit - 2))
        settled_on = self.weekday(settled_on)
        if settled_on > AS_OF:
            return
        row |= {"settled_on": settled_on.isoformat(), "settlement": "withdrawn" if withdrawn else "decision"}
        if kind == Kind.COMPLAINT and not withdrawn:
            row["result"] = self.pick([("right", 15), ("partly_right", 25), ("wrong", 60)])

    def duplicate(self, first: dict, place: _Place, received_on: dt.date) -> dict:
        """The same petitioners write again: stored at the same level, urged from the level above."""
        later = min(self.weekday(received_on + dt.timedelta(days=self.rng.randint(5, 60))), AS_OF)
        upper = place.parent is not None and self.rng.random() < 0.4
        unit = self.place_of[place.parent.pk].unit if upper else place.unit
        row = {k: first[k] for k in ("case_key", "kind", "round", "unit_generation", "channel", "field")}
        row |= {
            "register_number": self.register_number(unit, later.year),
            "unit_level": unit.level,
            "unit_code": unit.code,
            "received_on": later.isoformat(),
            "petitioner_name": first["petitioner_name"],
            "petitioner_address": first["petitioner_address"],
            "content": first["content"],
        }
        if upper:
            row |= {"qualified": "yes", "within_authority": "no", "outcome": Outcome.URGED}
        else:
            row |= {"qualified": "no", "unqualified_reason": DUPLICATE_REASON, "outcome": Outcome.STORED}
        return row

    def second_round(self, first: dict, place: _Place) -> dict | None:
        """A complainant who disagrees with the first decision complains to the level above."""
        if first["kind"] != Kind.COMPLAINT or first.get("result") not in ("wrong", "partly_right"):
            return None
        if place.parent is None or self.rng.random() > 0.12:
            return None
        received_on = self.weekday(
            dt.date.fromisoformat(first["settled_on"]) + dt.timedelta(days=self.rng.randint(10, 30))
        )
        if received_on > AS_OF:
            return None
        upper = self.place_of[place.parent.pk]
        row = {k: first[k] for k in ("case_key", "kind", "unit_generation", "channel", "field", "petitioner_name")}
        row |= {
            "register_number": self.register_number(upper.unit, received_on.year),
            "round": "2",
            "unit_level": upper.unit.level,
            "unit_code": upper.unit.code,
            "received_on": received_on.isoformat(),
            "petitioner_address": first["petitioner_address"],
            "content": "Khiếu nại lần hai: " + first["content"][0].lower() + first["content"][1:],
        }
        self.accept_and_settle(row, upper, Kind.COMPLAINT, 2, received_on)
        return row
