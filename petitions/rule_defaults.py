"""The default rule table (DOMAIN section 0), loaded by a data migration; administrators edit it in the admin."""

from portal.dated_rules import BEFORE_LAW_136_2025 as BEFORE_AMENDMENT
from portal.dated_rules import LAW_136_2025_FROM as AMENDMENT_DAY

DEFAULT_RULES = [
    dict(
        code="notice",
        name="Thông báo kết quả xử lý đơn: 10 ngày làm việc",
        kind="",
        round=None,
        event="notice",
        start_event="received",
        day_type="working",
        days=10,
        legal_basis="Luật Tiếp công dân 2013, Điều 28 khoản 1; Thông tư 05/2021/TT-TTCP",
    ),
    dict(
        code="complaint-accept",
        name="Thụ lý khiếu nại: 10 ngày",
        kind="complaint",
        round=None,
        event="acceptance",
        start_event="received",
        day_type="calendar",
        days=10,
        effective_to=BEFORE_AMENDMENT,
        legal_basis="Luật Khiếu nại 2011, Điều 27",
    ),
    dict(
        code="complaint-accept",
        name="Thụ lý khiếu nại: 7 ngày làm việc (từ 01/7/2026)",
        kind="complaint",
        round=None,
        event="acceptance",
        start_event="received",
        day_type="working",
        days=7,
        effective_from=AMENDMENT_DAY,
        legal_basis="Luật số 136/2025/QH15 sửa đổi Luật Khiếu nại (hiệu lực 01/7/2026)",
    ),
    dict(
        code="complaint-1-settle",
        name="Giải quyết khiếu nại lần đầu: 30 ngày (phức tạp 45; vùng sâu 45, phức tạp 60)",
        kind="complaint",
        round=1,
        event="settlement",
        start_event="accepted",
        day_type="calendar",
        days=30,
        complex_days=45,
        remote_days=45,
        remote_complex_days=60,
        legal_basis="Luật Khiếu nại 2011, Điều 28",
    ),
    dict(
        code="complaint-2-settle",
        name="Giải quyết khiếu nại lần hai: 45 ngày (phức tạp 60; vùng sâu 60, phức tạp 70)",
        kind="complaint",
        round=2,
        event="settlement",
        start_event="accepted",
        day_type="calendar",
        days=45,
        complex_days=60,
        remote_days=60,
        remote_complex_days=70,
        legal_basis="Luật Khiếu nại 2011, Điều 37",
    ),
    dict(
        code="denunciation-accept",
        name="Thụ lý tố cáo: 7 ngày làm việc (xác minh nhiều nơi: 10)",
        kind="denunciation",
        round=None,
        event="acceptance",
        start_event="received",
        day_type="working",
        days=7,
        complex_days=10,
        legal_basis="Luật Tố cáo 2018, Điều 24, 29",
    ),
    dict(
        code="denunciation-transfer",
        name="Chuyển đơn tố cáo không thuộc thẩm quyền: 5 ngày làm việc",
        kind="denunciation",
        round=None,
        event="transfer",
        start_event="received",
        day_type="working",
        days=5,
        legal_basis="Luật Tố cáo 2018, Điều 24 khoản 2",
    ),
    dict(
        code="denunciation-settle",
        name="Giải quyết tố cáo: 30 ngày, gia hạn 1 lần (phức tạp) hoặc 2 lần (đặc biệt phức tạp), mỗi lần ≤ 30 ngày",
        kind="denunciation",
        round=None,
        event="settlement",
        start_event="accepted",
        day_type="calendar",
        days=30,
        extension_days=30,
        legal_basis="Luật Tố cáo 2018, Điều 30",
    ),
    dict(
        code="complaint-publish",
        name="Công khai quyết định giải quyết khiếu nại: trong 15 ngày kể từ ngày ban hành",
        kind="complaint",
        round=None,
        event="publication",
        start_event="settled",
        day_type="calendar",
        days=15,
        legal_basis="Nghị định 124/2020/NĐ-CP, Điều 29",
    ),
    dict(
        code="recommendation-settle",
        name="Giải quyết kiến nghị: 30 ngày (quy định của tỉnh)",
        kind="recommendation",
        round=None,
        event="settlement",
        start_event="accepted",
        day_type="calendar",
        days=30,
        legal_basis="Quy định của UBND tỉnh (mặc định 30 ngày)",
    ),
    dict(
        code="reflection-settle",
        name="Giải quyết phản ánh: 30 ngày (quy định của tỉnh)",
        kind="reflection",
        round=None,
        event="settlement",
        start_event="accepted",
        day_type="calendar",
        days=30,
        legal_basis="Quy định của UBND tỉnh (mặc định 30 ngày)",
    ),
]


def load_default_rules(rule_model) -> int:
    """Insert the default rules that are missing (by code and start date); never overwrites an edited rule.

    Takes the model class so the data migration can pass its historical model.
    """
    created = 0
    for rule in DEFAULT_RULES:
        _obj, was_created = rule_model.objects.get_or_create(
            code=rule["code"],
            effective_from=rule.get("effective_from"),
            defaults={k: v for k, v in rule.items() if k not in ("code", "effective_from")},
        )
        created += was_created
    return created
