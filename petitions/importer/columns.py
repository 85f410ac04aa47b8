"""The register file's columns, and the vocabularies of cell values (reading the file is in sheet.py)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from petitions.choices import (
    Channel,
    ComplaintResult,
    Complexity,
    Field,
    Kind,
    Outcome,
    SettlementForm,
)
from portal.choices import Generation
from portal.dated_rules import TWO_LEVEL_GOVERNMENT_FROM

# Cell readers every import shares; the importer's modules keep importing them from here.
from portal.sheets import DMY_DATE, ISO_DATE, NO, YES  # noqa: F401
from portal.sheets import cell_text as _text
from portal.sheets import vocabulary as _vocabulary  # noqa: F401

CASE_CODE_PREFIX = "IMP-"
MAX_CASE_KEY = 40 - len(CASE_CODE_PREFIX)  # Case.code is 40 characters
EXTENSION_DECISION = "import"  # what the facts say, so a later deadlines_refresh gives the same dates
BATCH = 2000
NAME_SEPARATOR = ";"
REFORM_DAY = TWO_LEVEL_GOVERNMENT_FROM  # first day of the two-level map (Generation.CURRENT)


@dataclass(frozen=True)
class Column:
    """One column of the register file; the template's help sheet and the docs are written from these."""

    name: str
    required: bool
    meaning: Any
    allowed: Any
    example: Any = ""


COLUMNS: tuple[Column, ...] = (
    Column(
        "register_number",
        True,
        gettext_lazy("Số đăng ký đơn trong sổ; giữ nguyên khi nhập và dùng để bỏ qua đơn đã nhập."),
        gettext_lazy("Tối đa 40 ký tự, không trùng trong tệp."),
        "VD-2024-0001",
    ),
    Column(
        "case_key",
        False,
        gettext_lazy("Mã vụ việc: các đơn cùng mã thuộc một vụ việc (đơn trùng, khiếu nại lần hai)."),
        gettext_lazy("Tối đa 36 ký tự; để trống: đơn là một vụ việc riêng."),
        "VD-KN-01",
    ),
    Column(
        "kind",
        True,
        gettext_lazy("Loại đơn."),
        "complaint | denunciation | recommendation | reflection",
        Kind.COMPLAINT.value,
    ),
    Column("round", False, gettext_lazy("Khiếu nại lần đầu hay lần hai."), gettext_lazy("1 | 2; để trống: 1"), 1),
    Column(
        "unit_generation",
        False,
        gettext_lazy("Bản đồ hành chính của mã đơn vị."),
        gettext_lazy("2025 | legacy; để trống: theo ngày nhận (trước 01/7/2025 là legacy)"),
        Generation.LEGACY.value,
    ),
    Column(
        "unit_level",
        False,
        gettext_lazy("Cấp của đơn vị, chỉ cần khi mã viết thiếu số 0 ở đầu bị trùng giữa các cấp."),
        "province | district | commune",
        "",
    ),
    Column(
        "unit_code",
        True,
        gettext_lazy("Mã chính thức của đơn vị tiếp nhận (tỉnh, huyện hoặc xã); có thể bỏ số 0 ở đầu."),
        gettext_lazy("Tỉnh 2 số, huyện 3 số, xã 5 số"),
        "01933",
    ),
    Column(
        "received_on",
        True,
        gettext_lazy("Ngày nhận đơn."),
        gettext_lazy("YYYY-MM-DD (hoặc DD/MM/YYYY, hoặc ô ngày của Excel); không ở tương lai"),
        dt.date(2024, 3, 4),
    ),
    Column(
        "channel", True, gettext_lazy("Nguồn đơn."), "reception | mail | online | transfer", Channel.RECEPTION.value
    ),
    Column(
        "petitioner_name",
        False,
        gettext_lazy("Họ tên người gửi; đơn đông người ghi nhiều tên cách nhau bằng dấu “;” (người đầu là đại diện)."),
        gettext_lazy("Để trống: đơn nặc danh"),
        "Nguyễn Văn An; Hoàng Thị Lan",
    ),
    Column(
        "petitioner_address",
        False,
        gettext_lazy("Địa chỉ người gửi; nhiều địa chỉ cách nhau bằng “;” theo thứ tự tên, hoặc một địa chỉ chung."),
        gettext_lazy("Văn bản"),
        "Thôn Bản Vàn, xã Đồng Phúc, huyện Ba Bể, tỉnh Bắc Kạn",
    ),
    Column(
        "content",
        True,
        gettext_lazy("Nội dung đơn; 255 ký tự đầu làm tóm tắt."),
        gettext_lazy("Văn bản"),
        "Khiếu nại Quyết định thu hồi đất của hộ gia đình tại thôn Bản Vàn để thực hiện dự án "
        "cải tạo, nâng cấp Quốc lộ 279; đề nghị xem xét lại mức bồi thường, hỗ trợ.",
    ),
    Column(
        "field",
        False,
        gettext_lazy("Lĩnh vực theo mẫu báo cáo 01–04/XLD."),
        gettext_lazy(
            "land_housing | policy | officials | corruption | judicial | party_mass_org | other; trống: other"
        ),
        Field.LAND_HOUSING.value,
    ),
    Column("qualified", False, gettext_lazy("Đơn đủ điều kiện xử lý."), gettext_lazy("yes | no | trống"), "yes"),
    Column(
        "unqualified_reason",
        False,
        gettext_lazy("Lý do đơn không đủ điều kiện xử lý; bắt buộc khi qualified = no."),
        gettext_lazy("Văn bản"),
        "",
    ),
    Column("within_authority", False, gettext_lazy("Đơn thuộc thẩm quyền."), gettext_lazy("yes | no | trống"), "yes"),
    Column(
        "outcome",
        False,
        gettext_lazy("Kết quả xử lý đơn."),
        gettext_lazy("accepted | guided | transferred | urged | stored | trống"),
        Outcome.ACCEPTED.value,
    ),
    Column(
        "transferred_to",
        False,
        gettext_lazy("Tên cơ quan nhận đơn chuyển (như trong danh mục cơ quan); bắt buộc khi outcome = transferred."),
        gettext_lazy("Tên cơ quan"),
        "",
    ),
    Column(
        "accepted_on",
        False,
        gettext_lazy("Ngày thụ lý; có ngày thụ lý là đơn đã thụ lý."),
        gettext_lazy("Ngày, không trước ngày nhận"),
        dt.date(2024, 3, 11),
    ),
    Column(
        "complexity",
        False,
        gettext_lazy("Tính chất vụ việc."),
        gettext_lazy("normal | complex | very_complex; trống: normal"),
        Complexity.NORMAL.value,
    ),
    Column(
        "remote_area",
        False,
        gettext_lazy("Vùng sâu, vùng xa (thời hạn giải quyết khiếu nại dài hơn)."),
        gettext_lazy("yes | no; trống: theo đơn vị"),
        "",
    ),
    Column(
        "extensions",
        False,
        gettext_lazy("Số lần gia hạn giải quyết tố cáo; mỗi lần bằng số ngày gia hạn tối đa của quy tắc thời hạn."),
        gettext_lazy("0 | 1 (phức tạp) | 2 (đặc biệt phức tạp); chỉ đơn tố cáo"),
        0,
    ),
    Column(
        "settled_on",
        False,
        gettext_lazy("Ngày giải quyết (ban hành quyết định, kết luận hoặc rút đơn)."),
        gettext_lazy("Ngày, không trước ngày thụ lý"),
        dt.date(2024, 4, 5),
    ),
    Column(
        "settlement",
        False,
        gettext_lazy("Hình thức giải quyết."),
        gettext_lazy("decision | withdrawn; trống khi có ngày giải quyết: decision"),
        SettlementForm.DECISION.value,
    ),
    Column(
        "result",
        False,
        gettext_lazy("Kết quả giải quyết khiếu nại."),
        gettext_lazy("right | partly_right | wrong | trống; chỉ đơn khiếu nại"),
        ComplaintResult.PARTLY_RIGHT.value,
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
NOT_ACCEPTED_OUTCOMES = (Outcome.GUIDED, Outcome.TRANSFERRED, Outcome.URGED, Outcome.STORED)
OUTSIDE_AUTHORITY_OUTCOMES = (Outcome.GUIDED, Outcome.TRANSFERRED, Outcome.URGED)

# --- cell values and vocabularies: shared by every import (portal.sheets) ------------------------


def _header_name(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).lower())
