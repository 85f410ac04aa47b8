"""Import existing petition registers (sổ theo dõi đơn) from Excel (.xlsx) or UTF-8 CSV files.

All or nothing per file: every row is validated first, and if any row is wrong nothing is
written and the report lists every bad row (spreadsheet row number, column, reason).
Idempotent by register number: rows already in the portal are skipped, so importing the same
file twice changes nothing. Deadlines come from the engine used by live intake
(`petitions.deadlines.compute_all`) with one calendar and one rule set for the whole file.
Rows are written with bulk inserts in one transaction and one audit event, because the per-row
services write an audit row each and would take hours for a province's backlog.

The column reference for users is docs/import-petitions.md and the template's second sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petitions.choices import (
    Channel,
    ComplaintResult,
    Complexity,
    DeadlineEvent,
    Field,
    Kind,
    Outcome,
    SettlementForm,
    Status,
)
from petitions.deadlines import PetitionFacts, compute_all, load_rules
from petitions.models import Case, Extension, Petition, Petitioner
from petitions.services import case_sync, today
from portal.choices import CODE_WIDTH, AgencyKind, Generation, Level
from portal.models import AdministrativeUnit, Agency, User
from portal.services import audit_record
from portal.text import fold
from portal.workcalendar import WorkCalendar

CASE_CODE_PREFIX = "IMP-"
MAX_CASE_KEY = 40 - len(CASE_CODE_PREFIX)  # Case.code is 40 characters
EXTENSION_DAYS = 30
EXTENSION_DECISION = "import"  # what the facts say, so a later deadlines_refresh gives the same dates
BATCH = 2000
NAME_SEPARATOR = ";"
REFORM_DAY = dt.date(2025, 7, 1)  # first day of the two-level map (Generation.CURRENT)


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
        gettext_lazy("Số lần gia hạn giải quyết tố cáo, mỗi lần 30 ngày."),
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


@dataclass
class ImportReport:
    """What an import did: petitions created, rows skipped as already present, or every bad row."""

    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    cases_created: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """Every error as a sentence; row 0 stands for the file as a whole."""
        lines = []
        for row, column, message in self.errors:
            if row and column:
                lines.append(
                    _("Dòng %(row)s, cột %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
                )
            elif row:
                lines.append(_("Dòng %(row)s: %(message)s") % {"row": row, "message": message})
            else:
                lines.append(message)
        return lines


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, not UTF-8, damaged workbook)."""


# --- reading the file ----------------------------------------------------------------------------


def _file_rows(source, filename: str) -> Iterator[tuple[Any, ...]]:
    """The file's rows as tuples of cell values, header first."""
    name = filename or (str(source) if isinstance(source, (str, os.PathLike)) else "")
    extension = os.path.splitext(name)[1].lower()
    if extension not in (".csv", ".xlsx"):
        raise ImportFileError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()
    if extension == ".csv":
        yield from _csv_rows(data)
    else:
        yield from _xlsx_rows(data)


def _csv_rows(data: bytes) -> Iterator[tuple[str, ...]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel saves ";" in locales that use a decimal comma
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield tuple(row)


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ImportFileError(_("Không đọc được tệp Excel; hãy lưu lại ở định dạng .xlsx.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _text(value: Any) -> str:
    """A cell as text: Excel dates as ISO dates, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_name(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).lower())


# --- vocabularies --------------------------------------------------------------------------------


def _vocabulary(choices) -> dict[str, str]:
    """Codes and Vietnamese labels, folded, mapped to the stored value."""
    mapping = {}
    with translation.override("vi"):
        for value, label in choices.choices:
            mapping[fold(str(label))] = value
    for value, label in choices.choices:
        mapping[fold(str(label))] = value
        mapping[fold(value)] = value
    return mapping


YES = {"yes", "y", "co", "1", "true", "x"}
NO = {"no", "n", "khong", "0", "false"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class _Unit(NamedTuple):
    id: int
    level: str
    code: str
    name: str
    path: str
    remote_area: bool
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(slots=True)
class _Row:
    """One valid row, parsed; the write phase turns it into a Petition."""

    line: int
    register_number: str
    case_code: str
    kind: str
    round: int
    unit: _Unit
    received_on: dt.date
    channel: str
    petitioners: list[tuple[str, str]]
    summary: str
    content: str
    field: str
    qualified: bool | None
    unqualified_reason: str
    within_authority: bool | None
    outcome: str
    transferred_to_id: int | None
    accepted_on: dt.date | None
    complexity: str
    remote_area: bool
    extensions: int
    settled_on: dt.date | None
    settlement_form: str
    result: str
    status: str = ""
    classified_on: dt.date | None = None
    processed_on: dt.date | None = None
    notice_sent_on: dt.date | None = None
    deadlines: dict | None = None
    notice_due: dt.date | None = None
    acceptance_due: dt.date | None = None
    settlement_due: dt.date | None = None
    deadline: dt.date | None = None
    pk: int | None = None


class _Parser:
    """Validates rows one by one, collecting every error; reads reference data once per file."""

    def __init__(self, header: dict[str, int], errors: list[tuple[int, str, str]]):
        self.header = header
        self.errors = errors
        self.today = today()
        self.units: dict[str, dict[tuple[str, str], _Unit]] = {}
        self._agencies: dict[str, list[tuple[int, str]]] | None = None
        self.vocab = {
            "kind": _vocabulary(Kind),
            "channel": _vocabulary(Channel),
            "field": _vocabulary(Field),
            "outcome": _vocabulary(Outcome),
            "complexity": _vocabulary(Complexity),
            "settlement": _vocabulary(SettlementForm),
            "result": _vocabulary(ComplaintResult),
            "unit_generation": _vocabulary(Generation) | {"current": Generation.CURRENT},
            "unit_level": _vocabulary(Level),
        }

    # cell access and small parsers; each returns None after recording an error
    def raw(self, cells: tuple, column: str) -> Any:
        index = self.header.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append((line, column, message))

    def choice(self, line: int, column: str, text: str, *, default: str = "") -> str | None:
        if not text:
            return default
        value = self.vocab[column].get(fold(text))
        if value is None:
            allowed = ", ".join(str(v) for v in dict.fromkeys(self.vocab[column].values()))
            self.error(
                line,
                column,
                _("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": text, "allowed": allowed},
            )
        return value

    def yes_no(self, line: int, column: str, text: str) -> bool | None | str:
        folded = fold(text)
        if not folded:
            return None
        if folded in YES:
            return True
        if folded in NO:
            return False
        self.error(line, column, _("Hãy ghi yes hoặc no (hoặc để trống)."))
        return "invalid"

    def date(self, line: int, column: str, text: str) -> dt.date | None | str:
        if not text:
            return None
        match = ISO_DATE.match(text)
        parts = (match.group(1), match.group(2), match.group(3)) if match else None
        if parts is None and (match := DMY_DATE.match(text)):
            parts = (match.group(3), match.group(2), match.group(1))
        try:
            value = dt.date(*(int(p) for p in parts)) if parts else None
        except ValueError:
            value = None
        if value is None:
            self.error(
                line, column, _("Ngày “%(value)s” không hợp lệ; hãy ghi theo dạng YYYY-MM-DD.") % {"value": text}
            )
            return "invalid"
        if value > self.today:
            self.error(line, column, _("Ngày không thể ở tương lai."))
            return "invalid"
        return value

    # reference data
    def unit_index(self, generation: str) -> dict[tuple[str, str], _Unit]:
        if generation not in self.units:
            self.units[generation] = {
                (row[1], row[2]): _Unit(*row)
                for row in AdministrativeUnit.objects.filter(generation=generation).values_list(
                    "id", "level", "code", "name", "path", "remote_area", "valid_from", "valid_to"
                )
            }
        return self.units[generation]

    def unit(self, line: int, raw: Any, generation: str, level: str) -> _Unit | None:
        text = _text(raw)
        if not text.isdigit():
            self.error(line, "unit_code", _("Mã đơn vị phải là chữ số.") if text else _("Hãy ghi mã đơn vị."))
            return None
        index = self.unit_index(generation)
        if level:
            width = CODE_WIDTH[Level(level)]
            unit = index.get((level, text.zfill(width))) if len(text) <= width else None
            if unit is None:
                self.error(line, "unit_code", _("Không có đơn vị mã %(code)s ở cấp này.") % {"code": text})
            return unit
        candidates = [
            index[(lvl, text.zfill(width))]
            for lvl, width in CODE_WIDTH.items()
            if len(text) <= width and (lvl, text.zfill(width)) in index
        ]
        # A code written in full (official width) is taken as written, unless Excel stored it as a
        # number and may have dropped its leading zeros.
        exact = [u for u in candidates if len(u.code) == len(text)]
        if len(exact) == 1 and not isinstance(raw, (int, float)):
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            self.error(line, "unit_code", _("Không có đơn vị mã %(code)s trên bản đồ hành chính này.") % {"code": text})
        else:
            self.error(
                line,
                "unit_code",
                _("Mã %(code)s trùng ở nhiều cấp (%(units)s); hãy ghi đủ số 0 ở đầu hoặc điền cột unit_level.")
                % {"code": text, "units": ", ".join(f"{u.name} ({u.code})" for u in candidates)},
            )
        return None

    def agency(self, line: int, name: str, unit: _Unit) -> int | None:
        """An agency by name, preferring one in the receiving unit's province (names repeat across provinces)."""
        if self._agencies is None:
            self._agencies = defaultdict(list)
            for pk, search_name, path in Agency.objects.values_list("pk", "search_name", "unit__path"):
                self._agencies[search_name].append((pk, path))
        found = self._agencies.get(fold(name), [])
        province_path = "/".join(unit.path.split("/")[:2]) + "/"
        nearby = [pk for pk, path in found if path.startswith(province_path)]
        matches = nearby or [pk for pk, _path in found]
        if len(matches) == 1:
            return matches[0]
        if matches:
            self.error(line, "transferred_to", _("Có nhiều cơ quan tên “%(name)s”.") % {"name": name})
        else:
            self.error(line, "transferred_to", _("Không có cơ quan tên “%(name)s” trong danh mục.") % {"name": name})
        return None

    # one row
    def parse(self, line: int, cells: tuple) -> _Row | None:
        before = len(self.errors)
        text = {name: _text(self.raw(cells, name)) for name in COLUMN_NAMES}
        err = self.error

        register_number = text["register_number"]
        if not register_number:
            err(line, "register_number", _("Hãy ghi số đăng ký."))
        elif len(register_number) > 40:
            err(line, "register_number", _("Số đăng ký tối đa 40 ký tự."))
        case_key = text["case_key"] or register_number
        if len(case_key) > MAX_CASE_KEY:
            column = "case_key" if text["case_key"] else "register_number"
            err(line, column, _("Mã vụ việc tối đa %(max)s ký tự; hãy ghi case_key ngắn hơn.") % {"max": MAX_CASE_KEY})

        kind = self.choice(line, "kind", text["kind"])
        if not text["kind"]:
            err(line, "kind", _("Hãy ghi loại đơn."))
        round_ = 1
        if text["round"]:
            if text["round"] not in ("1", "2"):
                err(line, "round", _("Lần khiếu nại là 1 hoặc 2."))
            elif text["round"] == "2" and kind and kind != Kind.COMPLAINT:
                err(line, "round", _("Chỉ đơn khiếu nại mới có lần hai."))
            else:
                round_ = int(text["round"])

        received_on = self.date(line, "received_on", text["received_on"])
        if received_on is None:
            err(line, "received_on", _("Hãy ghi ngày nhận đơn."))
        received = received_on if isinstance(received_on, dt.date) else None
        generation = self.choice(line, "unit_generation", text["unit_generation"])
        if not text["unit_generation"] and received:
            generation = Generation.LEGACY if received < REFORM_DAY else Generation.CURRENT
        level = self.choice(line, "unit_level", text["unit_level"])
        unit = None
        if generation and level is not None and (text["unit_generation"] or received):
            unit = self.unit(line, self.raw(cells, "unit_code"), generation, level)
        elif not text["unit_code"]:
            err(line, "unit_code", _("Hãy ghi mã đơn vị."))
        if unit and received:
            if (unit.valid_from and received < unit.valid_from) or (unit.valid_to and received > unit.valid_to):
                err(
                    line,
                    "unit_code",
                    _("%(unit)s không có trên bản đồ hành chính vào ngày nhận đơn %(date)s.")
                    % {"unit": unit.name, "date": received.isoformat()},
                )

        channel = self.choice(line, "channel", text["channel"])
        if not text["channel"]:
            err(line, "channel", _("Hãy ghi nguồn đơn."))
        content = text["content"]
        if not content:
            err(line, "content", _("Hãy ghi nội dung đơn."))
        field_ = self.choice(line, "field", text["field"], default=Field.OTHER)
        names = [n.strip() for n in text["petitioner_name"].split(NAME_SEPARATOR) if n.strip()]
        if any(len(n) > 150 for n in names):
            err(line, "petitioner_name", _("Họ tên tối đa 150 ký tự."))
        addresses = [a.strip() for a in text["petitioner_address"].split(NAME_SEPARATOR)]
        if len(addresses) != len(names):
            addresses = [text["petitioner_address"]] * len(names)
        if any(len(a) > 255 for a in addresses):
            err(line, "petitioner_address", _("Địa chỉ tối đa 255 ký tự."))

        qualified = self.yes_no(line, "qualified", text["qualified"])
        within = self.yes_no(line, "within_authority", text["within_authority"])
        reason = text["unqualified_reason"]
        if qualified is False and not reason:
            err(line, "unqualified_reason", _("Hãy ghi lý do đơn không đủ điều kiện xử lý."))
        if len(reason) > 255:
            err(line, "unqualified_reason", _("Lý do tối đa 255 ký tự."))
        outcome = self.choice(line, "outcome", text["outcome"])
        complexity = self.choice(line, "complexity", text["complexity"], default=Complexity.NORMAL)
        remote = self.yes_no(line, "remote_area", text["remote_area"])
        accepted_on = self.date(line, "accepted_on", text["accepted_on"])
        settled_on = self.date(line, "settled_on", text["settled_on"])
        settlement = self.choice(line, "settlement", text["settlement"])
        result = self.choice(line, "result", text["result"])

        if outcome == Outcome.ACCEPTED and accepted_on is None:
            err(line, "accepted_on", _("Đơn đã thụ lý phải có ngày thụ lý."))
        if accepted_on is not None and outcome in NOT_ACCEPTED_OUTCOMES:
            err(
                line,
                "accepted_on",
                _("Đơn có kết quả xử lý “%(outcome)s” không có ngày thụ lý.") % {"outcome": outcome},
            )
        if isinstance(accepted_on, dt.date):
            if received and accepted_on < received:
                err(line, "accepted_on", _("Ngày thụ lý không thể trước ngày nhận đơn."))
            if qualified is False:
                err(line, "qualified", _("Chỉ thụ lý đơn đủ điều kiện xử lý."))
            if within is False:
                err(line, "within_authority", _("Chỉ thụ lý đơn thuộc thẩm quyền."))
            if kind == Kind.DENUNCIATION and not names:
                err(
                    line,
                    "petitioner_name",
                    _("Đơn tố cáo nặc danh không được thụ lý giải quyết (Luật Tố cáo, Điều 25)."),
                )
        if outcome in OUTSIDE_AUTHORITY_OUTCOMES and within is True:
            err(line, "within_authority", _("Đơn hướng dẫn, chuyển hoặc đôn đốc là đơn không thuộc thẩm quyền."))
        transferred_to_id = None
        if text["transferred_to"]:
            if outcome != Outcome.TRANSFERRED:
                err(line, "transferred_to", _("Chỉ ghi cơ quan nhận khi kết quả xử lý là chuyển đơn."))
            elif unit:
                transferred_to_id = self.agency(line, text["transferred_to"], unit)
        elif outcome == Outcome.TRANSFERRED:
            err(line, "transferred_to", _("Hãy ghi cơ quan nhận đơn chuyển."))

        extensions = 0
        if text["extensions"]:
            if text["extensions"] not in ("0", "1", "2"):
                err(line, "extensions", _("Số lần gia hạn là 0, 1 hoặc 2."))
            else:
                extensions = int(text["extensions"])
        if extensions:
            if kind and kind != Kind.DENUNCIATION:
                err(line, "extensions", _("Chỉ đơn tố cáo được gia hạn giải quyết theo số lần."))
            elif accepted_on is None:
                err(line, "extensions", _("Chỉ gia hạn đơn đã thụ lý."))
            elif extensions == 2 and complexity and complexity != Complexity.VERY_COMPLEX:
                err(line, "extensions", _("Gia hạn hai lần chỉ cho vụ việc đặc biệt phức tạp."))
            elif extensions == 1 and complexity == Complexity.NORMAL:
                err(line, "extensions", _("Gia hạn chỉ cho vụ việc phức tạp hoặc đặc biệt phức tạp."))

        if settled_on is not None:
            if accepted_on is None:
                err(line, "settled_on", _("Chỉ đơn đã thụ lý mới có ngày giải quyết."))
            elif isinstance(settled_on, dt.date) and isinstance(accepted_on, dt.date) and settled_on < accepted_on:
                err(line, "settled_on", _("Ngày giải quyết không thể trước ngày thụ lý."))
        if settlement and settled_on is None:
            err(line, "settlement", _("Hình thức giải quyết cần có ngày giải quyết."))
        if result:
            if kind and kind != Kind.COMPLAINT:
                err(line, "result", _("Chỉ đơn khiếu nại có kết quả đúng, sai."))
            elif settled_on is None or settlement == SettlementForm.WITHDRAWN:
                err(line, "result", _("Kết quả đúng, sai chỉ ghi cho khiếu nại đã có quyết định giải quyết."))

        if len(self.errors) > before:
            return None
        summary = " ".join(content.split())
        if len(summary) > 255:
            summary = summary[:254].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
        if accepted_on:
            qualified, within, outcome = True, True, Outcome.ACCEPTED
        elif outcome in OUTSIDE_AUTHORITY_OUTCOMES and within is None:
            within = False
        row = _Row(
            line=line,
            register_number=register_number,
            case_code=CASE_CODE_PREFIX + case_key,
            kind=kind,
            round=round_,
            unit=unit,
            received_on=received,
            channel=channel,
            petitioners=list(zip(names, addresses, strict=True)),
            summary=summary,
            content=content,
            field=field_,
            qualified=qualified,
            unqualified_reason=reason if qualified is False else "",
            within_authority=within,
            outcome=outcome,
            transferred_to_id=transferred_to_id,
            accepted_on=accepted_on,
            complexity=complexity,
            remote_area=unit.remote_area if remote is None else remote,
            extensions=extensions,
            settled_on=settled_on,
            settlement_form=(settlement or SettlementForm.DECISION) if settled_on else "",
            result=result,
        )
        _derive_status(row)
        return row


def _derive_status(row: _Row) -> None:
    """Where the petition stands, and the dates live intake would have recorded getting there."""
    if row.accepted_on:
        row.status = Status.SETTLED if row.settled_on else Status.ACCEPTED
        row.processed_on = row.notice_sent_on = row.classified_on = row.accepted_on
    elif row.outcome in NOT_ACCEPTED_OUTCOMES:
        row.status = Status.PROCESSED
        row.processed_on = row.notice_sent_on = row.classified_on = row.received_on
    elif row.qualified is not None or row.within_authority is not None:
        row.status = Status.CLASSIFIED
        row.classified_on = row.received_on
    else:
        row.status = Status.RECEIVED


# --- validation of the whole file ----------------------------------------------------------------


def _validate(source, filename: str, report: ImportReport) -> list[_Row]:
    """Every row checked, every error recorded in the report; returns the rows not yet in the portal."""
    errors = report.errors
    rows_iter = iter(_file_rows(source, filename))
    header_cells = next(rows_iter, None)
    if header_cells is None or not any(_text(c) for c in header_cells):
        raise ImportFileError(_("Tệp trống: dòng 1 phải là dòng tiêu đề."))
    header: dict[str, int] = {}
    for index, cell in enumerate(header_cells):
        name = _header_name(cell)
        if not name:
            continue
        if name not in COLUMN_NAMES:
            errors.append((1, _text(cell), _("Cột không được hỗ trợ; xem bảng cột trong tệp mẫu.")))
        elif name in header:
            errors.append((1, name, _("Cột bị lặp.")))
        else:
            header[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in header:
            errors.append((1, name, _("Thiếu cột bắt buộc.")))
    if errors:
        return []

    parser = _Parser(header, errors)
    rows: list[_Row] = []
    first_line: dict[str, int] = {}
    seen_any = False
    for line, cells in enumerate(rows_iter, start=2):
        if not any(_text(c) for c in cells):
            continue  # blank rows that spreadsheets leave behind
        seen_any = True
        row = parser.parse(line, cells)
        number = _text(parser.raw(cells, "register_number"))
        if number in first_line:
            errors.append(
                (line, "register_number", _("Số đăng ký đã có ở dòng %(row)s của tệp.") % {"row": first_line[number]})
            )
            continue
        if number:
            first_line[number] = line
        if row is not None:
            rows.append(row)
    if not seen_any:
        errors.append((2, "", _("Tệp không có dòng đơn nào dưới dòng tiêu đề.")))
    if errors:
        return []

    # One kind per case within the file; rows already imported are skipped, so only new rows are
    # checked against the cases already in the portal.
    kinds: dict[str, tuple[str, int]] = {}
    for row in rows:
        first = kinds.setdefault(row.case_code, (row.kind, row.line))
        if first[0] != row.kind:
            message = _("Các đơn cùng vụ việc phải cùng loại; dòng %(row)s là “%(kind)s”.")
            errors.append((row.line, "kind", message % {"row": first[1], "kind": first[0]}))
    existing = _existing_register_numbers([r.register_number for r in rows])
    new_rows = [r for r in rows if r.register_number not in existing]
    existing_cases = _existing_cases(list({r.case_code for r in new_rows}))
    for row in new_rows:
        case = existing_cases.get(row.case_code)
        if case is not None and case[1] != row.kind:
            message = _("Vụ việc %(code)s đã có trong hệ thống với loại “%(kind)s”.")
            errors.append((row.line, "kind", message % {"code": row.case_code, "kind": case[1]}))
    report.unchanged = len(rows) - len(new_rows)
    return [] if errors else new_rows


def _chunks(items: list, size: int = 5000) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_cases(codes: list[str]) -> dict[str, tuple[int, str]]:
    found = {}
    for chunk in _chunks(codes):
        for pk, code, kind in Case.objects.filter(code__in=chunk).values_list("pk", "code", "kind"):
            found[code] = (pk, kind)
    return found


def _existing_register_numbers(numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(numbers):
        found.update(Petition.objects.filter(register_number__in=chunk).values_list("register_number", flat=True))
    return found


# --- the import ----------------------------------------------------------------------------------


def petitions_import(
    *,
    source,
    filename: str,
    actor: User | None = None,
    receiving_agency_for_unit: Callable[[AdministrativeUnit], Agency] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import a register file: all rows or none; rows whose register number exists are skipped.

    `source` is a path or a binary file object; `filename` tells the format (.xlsx or .csv) and
    goes into the audit trail. `receiving_agency_for_unit(unit)` may choose the receiving agency;
    by default it is the unit's People's Committee, created if the unit has none. With
    `dry_run`, nothing is written and `created` says how many petitions would be.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        new_rows = _validate(source, filename, report)
    except ImportFileError as exc:
        report.errors.append((0, "", str(exc)))
    if report.errors:
        report.errors.sort(key=lambda e: (e[0], COLUMN_NAMES.index(e[1]) if e[1] in COLUMN_NAMES else -1))
        report.unchanged = 0
        return report
    if dry_run:
        report.created = len(new_rows)
        return report
    if not new_rows:
        return report  # nothing changed, so nothing to audit
    try:
        with transaction.atomic():
            report.cases_created = _write(new_rows, actor=actor, choose_agency=receiving_agency_for_unit)
            audit_record(actor=actor, verb="petition.imported", payload={"file": filename, "created": len(new_rows)})
    except IntegrityError:
        # Another import, or an official, registered one of these numbers or cases since validation.
        report.cases_created = 0
        report.errors.append((0, "", _("Một số đơn hoặc vụ việc vừa được tạo bởi thao tác khác; hãy nhập lại tệp.")))
        return report
    report.created = len(new_rows)
    return report


def _apply_deadlines(rows: list[_Row]) -> None:
    """Deadlines exactly as `services.deadlines_refresh` computes them, one calendar and rule set for all rows."""
    calendar, rules, on = WorkCalendar(), load_rules(), today()
    cache: dict[tuple, tuple] = {}  # many rows share the same facts; the result depends on nothing else
    for row in rows:
        key = (
            row.kind,
            row.round,
            row.status,
            row.received_on,
            row.accepted_on,
            row.within_authority,
            row.outcome,
            row.notice_sent_on,
            row.complexity,
            row.remote_area,
            row.extensions,
        )
        computed = cache.get(key)
        if computed is None:
            facts = PetitionFacts(
                kind=row.kind,
                round=row.round,
                status=row.status,
                received_on=row.received_on,
                accepted_on=row.accepted_on,
                within_authority=row.within_authority,
                outcome=row.outcome,
                notice_sent_on=row.notice_sent_on,
                complexity=row.complexity,
                remote_area=row.remote_area,
                extensions=[(EXTENSION_DAYS, EXTENSION_DECISION)] * row.extensions,
            )
            result = compute_all(facts, rules=rules, calendar=calendar, today=on)
            computed = cache[key] = (
                result.as_json(),
                result.due(DeadlineEvent.NOTICE),
                result.due(DeadlineEvent.ACCEPTANCE) or result.due(DeadlineEvent.TRANSFER),
                result.due(DeadlineEvent.SETTLEMENT),
                result.current,
            )
        row.deadlines, row.notice_due, row.acceptance_due, row.settlement_due, row.deadline = computed


def _receiving_agencies(unit_ids: set[int], choose: Callable | None) -> dict[int, int]:
    """The receiving agency of each unit: the caller's choice, or the unit's People's Committee."""
    units = AdministrativeUnit.objects.in_bulk(list(unit_ids))
    if choose is not None:
        return {unit_id: choose(units[unit_id]).pk for unit_id in unit_ids}
    committees: dict[int, int] = {}
    parent_ids = {u.parent_id for u in units.values() if u.parent_id}
    for unit_id, agency_id in (
        Agency.objects.filter(unit_id__in=list(unit_ids | parent_ids), kind=AgencyKind.PEOPLES_COMMITTEE)
        .order_by("id")
        .values_list("unit_id", "id")
    ):
        committees.setdefault(unit_id, agency_id)
    chosen = {}
    for unit_id in sorted(unit_ids):
        if unit_id not in committees:
            unit = units[unit_id]
            agency, _created = Agency.objects.get_or_create(
                unit=unit,
                name=f"Ủy ban nhân dân {unit.name}"[:200],
                defaults={
                    "kind": AgencyKind.PEOPLES_COMMITTEE,
                    "short_name": "UBND",
                    "parent_id": committees.get(unit.parent_id),
                },
            )
            committees[unit_id] = agency.pk
        chosen[unit_id] = committees[unit_id]
    return chosen


def _write(rows: list[_Row], *, actor: User | None, choose_agency: Callable | None) -> int:
    """Insert cases, petitions, petitioners and extensions in bulk; returns the number of new cases."""
    _apply_deadlines(rows)
    agencies = _receiving_agencies({r.unit.id for r in rows}, choose_agency)
    created_by = actor if actor is not None and actor.is_authenticated else None

    groups: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        groups[row.case_code].append(row)
    case_ids = {code: pk for code, (pk, _kind) in _existing_cases(list(groups)).items()}
    reused = set(case_ids)
    new_cases = []
    for code, members in groups.items():
        if code in case_ids:
            continue
        first = min(members, key=lambda r: (r.received_on, r.line))
        accepted = [r for r in members if r.accepted_on]
        # What case_sync copies: the lead (latest accepted) petition, else the first received.
        lead = max(accepted, key=lambda r: (r.accepted_on, r.line)) if accepted else first
        new_cases.append(
            Case(
                code=code,
                unit_id=first.unit.id,
                kind=first.kind,
                title=first.summary,
                status=lead.status,
                within_authority=bool(lead.within_authority),
                accepted_on=lead.accepted_on,
                settlement_due=lead.settlement_due,
                settled_on=lead.settled_on,
            )
        )
    for batch in _chunks(new_cases, BATCH):
        _insert_many(Case, batch)
    case_ids.update({code: pk for code, (pk, _kind) in _existing_cases([c.code for c in new_cases]).items()})

    for batch in _chunks(rows, BATCH):
        petitions = [_petition(row, case_ids[row.case_code], agencies[row.unit.id], created_by) for row in batch]
        _insert_many(Petition, petitions)
        ids = dict(
            Petition.objects.filter(register_number__in=[r.register_number for r in batch]).values_list(
                "register_number", "pk"
            )
        )
        for row in batch:
            row.pk = ids[row.register_number]
        _insert_many(
            Petitioner,
            [
                Petitioner(
                    petition_id=row.pk,
                    full_name=name,
                    address=address,
                    is_representative=len(row.petitioners) > 1 and index == 0,
                    search_name=fold(name),
                )
                for row in batch
                for index, (name, address) in enumerate(row.petitioners)
            ],
        )
        Extension.objects.bulk_create(
            Extension(
                petition_id=row.pk,
                days=EXTENSION_DAYS,
                decision_no=EXTENSION_DECISION,
                decided_on=min(
                    row.accepted_on + dt.timedelta(days=EXTENSION_DAYS * (n + 1)),
                    row.settled_on or dt.date.max,
                    today(),
                ),
                reason=_("Gia hạn ghi trong sổ theo dõi đơn đã nhập."),
            )
            for row in batch
            for n in range(row.extensions)
        )

    _link_second_rounds(rows, case_ids)
    _set_leads(rows, case_ids, reused)
    return len(new_cases)


def _insert_many(model, objs: list) -> None:
    """INSERT the objects with executemany, each value prepared exactly as bulk_create prepares it.

    bulk_create compiles a placeholder per value, about 8 µs each on our 2-core machine: 40 s of
    the 90 s that 100,000 petitions of 55 columns took. Ids are not returned; callers look them up.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    params = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _petition(row: _Row, case_id: int, agency_id: int, created_by: User | None) -> Petition:
    return Petition(
        register_number=row.register_number,
        case_id=case_id,
        unit_id=row.unit.id,
        receiving_agency_id=agency_id,
        handling_agency_id=agency_id,
        kind=row.kind,
        round=row.round,
        channel=row.channel,
        received_on=row.received_on,
        summary=row.summary,
        content=row.content,
        search_text=fold(f"{row.register_number} {row.summary} {row.content}"),
        field=row.field,
        is_anonymous=not row.petitioners,
        qualified=row.qualified,
        unqualified_reason=row.unqualified_reason,
        within_authority=row.within_authority,
        outcome=row.outcome,
        transferred_to_id=row.transferred_to_id,
        complexity=row.complexity,
        remote_area=row.remote_area,
        status=row.status,
        classified_on=row.classified_on,
        processed_on=row.processed_on,
        notice_sent_on=row.notice_sent_on,
        accepted_on=row.accepted_on,
        settled_on=row.settled_on,
        settlement_form=row.settlement_form,
        result=row.result,
        deadlines=row.deadlines,
        notice_due=row.notice_due,
        acceptance_due=row.acceptance_due,
        settlement_due=row.settlement_due,
        deadline=row.deadline,
        created_by=created_by,
    )


def _link_second_rounds(rows: list[_Row], case_ids: dict[str, int]) -> None:
    """A second-time complaint points at the case's first-time complaint, as petition_reopen_second_round does."""
    second = [r for r in rows if r.round == 2]
    if not second:
        return
    firsts: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for chunk in _chunks(sorted({case_ids[r.case_code] for r in second})):
        for case_id, received_on, pk in Petition.objects.filter(
            case_id__in=chunk, round=1, kind=Kind.COMPLAINT
        ).values_list("case_id", "received_on", "pk"):
            firsts[case_id].append((received_on, pk))
    updates = []
    for row in second:
        earlier = [f for f in firsts[case_ids[row.case_code]] if f[0] <= row.received_on]
        if earlier:
            updates.append(Petition(pk=row.pk, parent_id=max(earlier)[1]))
    Petition.objects.bulk_update(updates, ["parent"], batch_size=BATCH)


def _set_leads(rows: list[_Row], case_ids: dict[str, int], reused: set[str]) -> None:
    """Lead petition = the case's latest accepted petition; reused cases are then synced like live ones."""
    with_accepted = sorted({case_ids[r.case_code] for r in rows if r.accepted_on})
    latest_accepted = (
        Petition.objects.filter(case=OuterRef("pk"), accepted_on__isnull=False)
        .order_by("-accepted_on", "-pk")
        .values("pk")[:1]
    )
    for chunk in _chunks(with_accepted):
        Case.objects.filter(pk__in=chunk).update(lead_petition=Subquery(latest_accepted))
    for case in Case.objects.filter(pk__in=[case_ids[code] for code in reused]):
        case_sync(case)


# --- the template --------------------------------------------------------------------------------


def import_template_xlsx() -> bytes:
    """A workbook to fill in: the header and one example row, and a sheet explaining every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn"
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.name)
        cell.font = bold
        if column.required:
            cell.fill = required_fill
        example = sheet.cell(row=2, column=index, value=column.example if column.example != "" else None)
        if isinstance(column.example, dt.date):
            example.number_format = "yyyy-mm-dd"
        elif isinstance(column.example, str):
            example.number_format = "@"  # keep leading zeros of codes typed later
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, min(45, len(column.name) + 4))
        for row in range(3, 1001):
            if column.name in ("unit_code", "register_number", "case_key"):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Hướng dẫn")
    help_sheet.append([_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Giá trị hợp lệ"), _("Ví dụ")])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in COLUMNS:
        example = column.example.isoformat() if isinstance(column.example, dt.date) else column.example
        help_sheet.append(
            [column.name, _("Có") if column.required else "", str(column.meaning), str(column.allowed), str(example)]
        )
    help_sheet.append([])
    for note in (
        _("Dòng 1 là tiêu đề; các cột có thể theo thứ tự bất kỳ, tên cột không phân biệt chữ hoa, chữ thường."),
        _("Tệp được nhập toàn bộ hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê mọi dòng sai và không ghi gì."),
        _("Đơn có số đăng ký đã có trong hệ thống được bỏ qua, nên nhập lại cùng một tệp không thay đổi gì."),
        _("Thời hạn được tính như khi tiếp nhận trực tiếp, theo bảng quy tắc thời hạn và lịch ngày làm việc."),
        _("Xóa dòng ví dụ (số đăng ký VD-2024-0001) trước khi nhập sổ thật."),
    ):
        help_sheet.append([note])
        help_sheet.merge_cells(start_row=help_sheet.max_row, start_column=1, end_row=help_sheet.max_row, end_column=5)
    for letter, width in zip("ABCDE", (20, 10, 70, 55, 40), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
