"""The columns of the two reform workbooks (a plan's appendix of tasks; indicator scores).

The templates' help sheets are written from these, so what users read and what the reader accepts cannot
drift apart. A header is matched without diacritics or case ("noi dung nhiem vu" is "Nội dung nhiệm vụ"),
and each column's code (`title`, `deadline`…) is accepted too.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.sheet_import import Column, Layout

LIST_SEPARATOR = ";"  # between two coordinating agencies of one cell
LEGACY_PREFIX = "L"  # "L01933": the unit of that code on the three-level map (as case numbers write it)

TASKS = Layout(
    (
        Column(
            "number",
            _("STT"),
            _("Số thứ tự của nhiệm vụ trong phụ lục: “1”, “2”…; “1.2” là nhiệm vụ con thứ hai của nhiệm vụ “1”."),
            _("Số, hoặc số.số (một cấp nhiệm vụ con); không trùng trong tệp và trong kế hoạch"),
            required=True,
        ),
        Column(
            "area",
            _("Lĩnh vực"),
            _("Lĩnh vực cải cách của nhiệm vụ: tên hoặc mã, như ở trang “Danh mục”."),
            _("Một lĩnh vực của kế hoạch; để trống ở nhiệm vụ con: lĩnh vực của nhiệm vụ cha"),
            required=True,
        ),
        Column("title", _("Nội dung nhiệm vụ"), _("Việc phải làm."), _("Văn bản"), required=True),
        Column(
            "lead_agency",
            _("Cơ quan chủ trì"),
            _("Tên, tên viết tắt hoặc mã cơ quan chủ trì, như ở trang “Danh mục” (không phân biệt dấu, hoa thường)."),
            _("Cơ quan thuộc đơn vị có kế hoạch hoặc đơn vị trực thuộc"),
            required=True,
        ),
        Column(
            "coordinating_agencies",
            _("Cơ quan phối hợp"),
            _("Các cơ quan phối hợp, cách nhau bằng dấu “;”."),
            _("Tên, tên viết tắt hoặc mã; khác cơ quan chủ trì"),
        ),
        Column(
            "deadline",
            _("Thời hạn"),
            _("Ngày phải hoàn thành."),
            _("dd/mm/yyyy, hoặc ô ngày của Excel; không trước năm của kế hoạch"),
            required=True,
        ),
        Column("expected_output", _("Sản phẩm"), _("Sản phẩm, kết quả đầu ra của nhiệm vụ."), _("Tối đa 500 ký tự")),
        Column(
            "weight",
            _("Trọng số"),
            _("Mức đóng góp của nhiệm vụ con vào tiến độ của nhiệm vụ cha."),
            _("Số dương, tối đa 2 chữ số thập phân; để trống: 1"),
        ),
        Column("notes", _("Ghi chú"), _("Ghi chú thêm."), _("Văn bản")),
    )
)

INDICATORS = Layout(
    (
        Column(
            "unit_code",
            _("Mã đơn vị"),
            _(
                "Mã chính thức của đơn vị được đánh giá (tỉnh 2 số, huyện 3 số, xã 5 số; có thể bỏ số 0 ở đầu), "
                "theo bản đồ ba cấp hoặc hai cấp; ghi thêm chữ “L” ở đầu (L01933) để chỉ đơn vị của bản đồ ba cấp "
                "khi mã trùng ở hai bản đồ."
            ),
            _("Đơn vị trong phạm vi của bạn"),
            required=True,
        ),
        Column("year", _("Năm"), _("Năm được đánh giá."), _("Số năm, ví dụ 2024"), required=True),
        Column(
            "kind",
            _("Chỉ số"),
            _("Chỉ số được công bố."),
            _("PAR Index, PAPI hoặc SIPAS (hoặc mã par_index, papi, sipas)"),
            required=True,
        ),
        Column(
            "scheme",
            _("Bộ tiêu chí"),
            _("Văn bản quy định bộ tiêu chí của năm đó, ví dụ 876/QĐ-BNV."),
            _("Tối đa 60 ký tự"),
        ),
        Column(
            "component",
            _("Mã thành phần"),
            _(
                "Để trống: điểm tổng của chỉ số. PAPI: mã một trong 8 nội dung; SIPAS: mã một trong 5 yếu tố "
                "(xem trang “Danh mục”); PAR Index: mã lĩnh vực theo bộ tiêu chí."
            ),
            _("Mã ở trang “Danh mục”"),
        ),
        Column(
            "label",
            _("Tên thành phần"),
            _("Tên lĩnh vực của PAR Index (với PAPI, SIPAS tên được lấy theo mã)."),
            _("Tối đa 200 ký tự"),
        ),
        Column("score", _("Điểm"), _("Điểm đạt được."), _("Số không âm, tối đa 2 chữ số thập phân"), required=True),
        Column("max_points", _("Điểm tối đa"), _("Điểm tối đa của bộ tiêu chí năm đó."), _("Số, không nhỏ hơn điểm")),
        Column("rank", _("Xếp hạng"), _("Thứ hạng được công bố."), _("Số nguyên dương")),
        Column("source", _("Nguồn"), _("Nơi công bố kết quả."), _("Tối đa 255 ký tự")),
    )
)

LAYOUTS = {"tasks": TASKS, "indicators": INDICATORS}

__all__ = ["INDICATORS", "LAYOUTS", "LEGACY_PREFIX", "LIST_SEPARATOR", "TASKS", "Column", "Layout"]
