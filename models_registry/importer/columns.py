"""The columns of the bulk registration workbook: Vietnamese headers, what each holds, an example.

The template's help sheet is written from these, so what users read and what the reader accepts
cannot drift apart. Headers are matched as in the other imports (`portal.sheet_import.Layout`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from models_registry.choices import CollectiveKind, Field, OwnerKind
from models_registry.workflow import REQUIRED_ELEMENTS
from portal.sheet_import import Column, Layout

FORCE_SEPARATOR = ";"  # between two forces of one cell
TASK_SEPARATOR = ":"  # between a force and its task
# What the submit step needs, plus the round and the kind of owner the row cannot go without.
REQUIRED_COLUMNS_KEYS = frozenset({"round", "owner_kind", *REQUIRED_ELEMENTS})


def _column(key: str, header: Any, meaning: Any, allowed: Any, example: Any) -> Column:
    return Column(key, header, meaning, allowed, required=key in REQUIRED_COLUMNS_KEYS, example=example)


def _labels(choices) -> str:
    return " | ".join(str(label) for _value, label in choices.choices)


COLUMNS: tuple[Column, ...] = (
    _column(
        "round",
        _("Mã đợt"),
        _("Đợt đăng ký mô hình: mã đợt ở trang “Đợt đăng ký” của tệp mẫu, hoặc tên đợt đúng như trong hệ thống."),
        _("Đợt đang mở đăng ký, trong phạm vi của bạn"),
        1,
    ),
    _column(
        "name",
        _("Tên mô hình"),
        _("Tên mô hình hoặc điển hình (yếu tố 1 của bản đăng ký)."),
        _("Tối đa 300 ký tự"),
        "Khéo tuyên truyền chủ trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước và hương ước thôn "
        "để mọi người hiểu, làm theo",
    ),
    _column("field", _("Lĩnh vực"), _("Lĩnh vực xây dựng mô hình."), _labels(Field), Field.POLITICAL_SYSTEM.label),
    _column(
        "owner_kind",
        _("Tập thể hay cá nhân"),
        _("Mô hình của tập thể, hay điển hình của một cá nhân."),
        _labels(OwnerKind),
        OwnerKind.COLLECTIVE.label,
    ),
    _column(
        "collective_kind",
        _("Loại tập thể"),
        _("Chỉ với mô hình của tập thể."),
        _labels(CollectiveKind),
        CollectiveKind.PARTY_CELL.label,
    ),
    _column(
        "owner_name",
        _("Chủ thể"),
        _("Tên tập thể, hoặc họ tên cá nhân điển hình."),
        _("Tối đa 200 ký tự"),
        "Chi bộ thôn Nà Dâu",
    ),
    _column(
        "owner_position",
        _("Chức vụ, nghề nghiệp"),
        _("Của cá nhân điển hình."),
        _("Tối đa 200 ký tự"),
        "",
    ),
    _column(
        "unit_code",
        _("Mã địa bàn"),
        _("Mã chính thức của xã (hoặc tỉnh) nơi thực hiện mô hình, thuộc đơn vị phát động đợt; có thể bỏ số 0 ở đầu."),
        _("Xã 5 số, huyện 3 số, tỉnh 2 số; để trống: đơn vị của cơ quan đăng ký"),
        "02179",
    ),
    _column(
        "registering_agency",
        _("Cơ quan đăng ký"),
        _(
            "Tên cơ quan đăng ký như trong danh mục cơ quan; chỉ Ban Dân vận (hoặc cán bộ phụ trách ở xã) "
            "đăng ký thay cơ quan khác."
        ),
        _("Để trống: cơ quan của người nhập"),
        "",
    ),
    _column("address", _("Địa chỉ thực hiện"), _("Nơi thực hiện mô hình."), _("Tối đa 255 ký tự"), "Thôn Nà Dâu"),
    _column(
        "situation",
        _("Thực trạng và lý do xây dựng"),
        _("Yếu tố 2 của bản đăng ký."),
        _("Văn bản"),
        "Một bộ phận người dân chưa nắm được hương ước, quy ước của thôn.",
    ),
    _column(
        "goals",
        _("Mục tiêu và tiêu chí đánh giá"),
        _("Yếu tố 3 của bản đăng ký."),
        _("Văn bản"),
        "100% hộ gia đình được phổ biến và thực hiện hương ước.",
    ),
    _column(
        "content",
        _("Nội dung và cách làm"),
        _("Yếu tố 4 của bản đăng ký."),
        _("Văn bản"),
        "Tuyên truyền qua sinh hoạt chi bộ, họp thôn, loa truyền thanh và nhóm Zalo của thôn.",
    ),
    _column(
        "target_area",
        _("Địa bàn và đối tượng"),
        _("Yếu tố 5 của bản đăng ký."),
        _("Văn bản"),
        "Cán bộ, đảng viên và nhân dân thôn Nà Dâu.",
    ),
    _column(
        "lead_forces",
        _("Lực lượng chủ trì"),
        _("Yếu tố 6: lực lượng chủ trì; nhiều lực lượng cách nhau bằng “;”, nhiệm vụ ghi sau dấu “:”."),
        _("Tên lực lượng: nhiệm vụ; tên lực lượng: nhiệm vụ"),
        "Chi bộ thôn Nà Dâu: chỉ đạo, phân công đảng viên phụ trách hộ",
    ),
    _column(
        "coordinating_forces",
        _("Lực lượng phối hợp"),
        _("Yếu tố 6: lực lượng phối hợp, cùng cách ghi."),
        _("Tên lực lượng: nhiệm vụ; …"),
        "Ban công tác Mặt trận thôn: vận động hộ gia đình; Chi hội Phụ nữ",
    ),
    _column(
        "participating_forces",
        _("Lực lượng tham gia"),
        _("Yếu tố 6: lực lượng tham gia, cùng cách ghi."),
        _("Tên lực lượng: nhiệm vụ; …"),
        "Nhân dân thôn Nà Dâu",
    ),
    _column(
        "resources",
        _("Nguồn lực"),
        _("Yếu tố 7: cơ sở vật chất, đóng góp xã hội hóa."),
        _("Văn bản"),
        "Nhà văn hóa thôn, hệ thống loa truyền thanh.",
    ),
    _column(
        "resources_money",
        _("Kinh phí (đồng)"),
        _("Yếu tố 7: kinh phí thực hiện."),
        _("Số đồng, không âm; có thể có dấu chấm phân cách hàng nghìn"),
        5000000,
    ),
    _column("labour_days", _("Ngày công"), _("Yếu tố 7: số ngày công đóng góp."), _("Số nguyên, không âm"), 120),
    _column(
        "starts_on",
        _("Ngày bắt đầu"),
        _("Yếu tố 8: thời gian bắt đầu thực hiện."),
        _("YYYY-MM-DD hoặc DD/MM/YYYY, hoặc ô ngày của Excel"),
        dt.date(2026, 3, 1),
    ),
    _column(
        "ends_on",
        _("Ngày kết thúc"),
        _("Yếu tố 8: thời gian kết thúc."),
        _("Ngày, không trước ngày bắt đầu"),
        dt.date(2026, 12, 31),
    ),
    _column(
        "timeline",
        _("Tiến độ thực hiện"),
        _("Yếu tố 8: các mốc thực hiện."),
        _("Văn bản"),
        "Quý I: xây dựng kế hoạch; quý II–IV: tổ chức thực hiện; tháng 12: sơ kết.",
    ),
    _column(
        "outputs",
        _("Sản phẩm, kết quả kiểm chứng được"),
        _("Yếu tố 9 của bản đăng ký."),
        _("Văn bản"),
        "Số buổi tuyên truyền, số hộ ký cam kết, biên bản họp thôn.",
    ),
    _column(
        "replication_plan",
        _("Khả năng nhân rộng"),
        _("Yếu tố 10 của bản đăng ký."),
        _("Văn bản"),
        "Áp dụng cho các thôn trong xã.",
    ),
)
MODELS = Layout(COLUMNS)
header_of = MODELS.header_of
