"""What a new installation starts with: the two programmes and their phases, and each programme's default
criteria set, copied into a round when it is launched without its own (`round_create(criteria=None)`).

The "Dân vận khéo" set follows the common wording of local guidance (DOMAIN R4.5): eight criteria for a
collective's model, and the five standards for an individual example (Đà Lạt). The "Chính quyền thân thiện"
set is a starting point only: each province sets its own criteria (R4.7), and a round may replace it.
Points are out of 100 for each owner kind; a mandatory criterion below its minimum blocks recognition.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from models_registry.choices import AppliesTo

DVK = "dan-van-kheo"
FRIENDLY = "chinh-quyen-than-thien"

PROGRAMMES = [
    {
        "code": DVK,
        "name": "Phong trào thi đua “Dân vận khéo”",
        "short_name": "Dân vận khéo",
        "description": "Mô hình, điển hình “Dân vận khéo” trên bốn lĩnh vực: kinh tế; văn hóa - xã hội; "
        "quốc phòng - an ninh; xây dựng hệ thống chính trị.",
        "order": 1,
    },
    {
        "code": FRIENDLY,
        "name": "Mô hình “Chính quyền thân thiện, vì nhân dân phục vụ”",
        "short_name": "Chính quyền thân thiện",
        "description": "Mô hình của chính quyền các cấp theo bộ tiêu chí do tỉnh quy định.",
        "order": 2,
    },
]
PHASES = [("2021–2025", 2021, 2025), ("2026–2030", 2026, 2030)]


def seed_programmes(programme_model, phase_model) -> None:
    """Create the programmes and their phases where missing (safe to run again; edits are kept).

    Takes the model classes so that the data migration can pass its historical ones.
    """
    for row in PROGRAMMES:
        programme, _created = programme_model.objects.get_or_create(
            code=row["code"], defaults={key: value for key, value in row.items() if key != "code"}
        )
        for name, start, end in PHASES:
            phase_model.objects.get_or_create(
                programme=programme, start_year=start, defaults={"name": name, "end_year": end}
            )


def _criterion(group, text, points, *, mandatory=False, min_points=None, applies_to=AppliesTo.BOTH, guidance=""):
    return {
        "group": str(group),
        "text": str(text),
        "max_points": Decimal(points),
        "mandatory": mandatory,
        "min_points": None if min_points is None else Decimal(min_points),
        "applies_to": applies_to,
        "guidance": str(guidance),
    }


def _dvk_criteria() -> list[dict]:
    collective = _("Tiêu chí công nhận mô hình (tập thể)")
    individual = _("Tiêu chuẩn công nhận điển hình (cá nhân)")
    c, i = AppliesTo.COLLECTIVE, AppliesTo.INDIVIDUAL
    return [
        _criterion(collective, _("Có tên gọi, địa chỉ cụ thể"), 5, mandatory=True, min_points=5, applies_to=c),
        _criterion(
            collective,
            _(
                "Nội dung thuộc một trong bốn lĩnh vực: kinh tế; văn hóa - xã hội; quốc phòng - an ninh; "
                "xây dựng hệ thống chính trị"
            ),
            5,
            mandatory=True,
            min_points=5,
            applies_to=c,
        ),
        _criterion(
            collective,
            _("Gắn với sự lãnh đạo của cấp ủy, sự chỉ đạo của chính quyền; có đăng ký với cơ quan phát động"),
            10,
            mandatory=True,
            applies_to=c,
        ),
        _criterion(collective, _("Phối hợp, huy động được nhiều lực lượng cùng tham gia"), 15, applies_to=c),
        _criterion(
            collective,
            _(
                "Mang lại kết quả thiết thực, đo đếm được; giải quyết khó khăn, vướng mắc của địa phương hoặc "
                "nhiệm vụ chính trị của cơ quan, đơn vị"
            ),
            25,
            mandatory=True,
            min_points=12.5,
            applies_to=c,
            guidance=_("Chấm theo số liệu, sản phẩm kiểm chứng được nêu trong hồ sơ."),
        ),
        _criterion(collective, _("Được nhân dân đồng tình, hưởng ứng"), 15, applies_to=c),
        _criterion(collective, _("Được cơ quan có thẩm quyền ghi nhận"), 10, applies_to=c),
        _criterion(collective, _("Có tính bền vững, lan tỏa, nhân rộng được"), 15, applies_to=c),
        _criterion(
            individual,
            _("Gương mẫu, xây dựng gia đình văn hóa; hoàn thành tốt nhiệm vụ hằng năm"),
            20,
            mandatory=True,
            applies_to=i,
        ),
        _criterion(individual, _("Có ý tưởng, cách làm hay, sáng tạo"), 20, applies_to=i),
        _criterion(
            individual, _("Đề xuất được giải pháp giải quyết vấn đề khó khăn, tồn đọng, bức xúc"), 20, applies_to=i
        ),
        _criterion(individual, _("Tận tụy, hết lòng phục vụ nhân dân"), 20, applies_to=i),
        _criterion(individual, _("Được nhân dân ghi nhận, có sức lan tỏa trong cộng đồng"), 20, applies_to=i),
    ]


def _friendly_criteria() -> list[dict]:
    service = _("Phục vụ nhân dân")
    result = _("Kết quả và sự hài lòng")
    return [
        _criterion(service, _("Công khai, minh bạch thủ tục hành chính, thời gian giải quyết"), 20, mandatory=True),
        _criterion(service, _("Cán bộ, công chức có thái độ, tác phong thân thiện, tận tụy"), 20, mandatory=True),
        _criterion(service, _("Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến"), 20),
        _criterion(result, _("Tiếp nhận, trả lời phản ánh, kiến nghị của người dân kịp thời"), 20),
        _criterion(result, _("Mức độ hài lòng của người dân, doanh nghiệp"), 20),
    ]


DEFAULT_CRITERIA = {DVK: _dvk_criteria, FRIENDLY: _friendly_criteria}


def default_criteria(programme_code: str) -> list[dict]:
    """A fresh copy of the programme's default set (the Dân vận khéo set for a programme a province added)."""
    return DEFAULT_CRITERIA.get(programme_code, _dvk_criteria)()
