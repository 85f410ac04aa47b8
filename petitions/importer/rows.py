"""One spreadsheet row validated and parsed into an internal `_Row`, collecting every error."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from petitions.choices import (
    Channel,
    ComplaintResult,
    Complexity,
    Field,
    Kind,
    Outcome,
    SettlementForm,
    Status,
)
from petitions.deadlines import extensions_allowed
from petitions.importer.columns import (
    CASE_CODE_PREFIX,
    COLUMN_NAMES,
    DMY_DATE,
    ISO_DATE,
    MAX_CASE_KEY,
    NAME_SEPARATOR,
    NO,
    NOT_ACCEPTED_OUTCOMES,
    OUTSIDE_AUTHORITY_OUTCOMES,
    REFORM_DAY,
    YES,
    _text,
    _vocabulary,
)
from petitions.services import today
from portal.choices import CODE_WIDTH, Generation, Level
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import unit_in_scope
from portal.text import fold


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
    extension_days: int = 0  # what each extension added, from the rule table
    pk: int | None = None


class _Parser:
    """Validates rows one by one, collecting every error; reads reference data once per file.

    With a `scope` (the importing official), a unit outside that official's subtree is an error.
    """

    def __init__(self, header: dict[str, int], errors: list[tuple[int, str, str]], *, scope: User | None = None):
        self.header = header
        self.errors = errors
        self.scope = scope
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
        if unit and self.scope is not None and not unit_in_scope(self.scope, unit):  # type: ignore[arg-type]
            err(
                line,
                "unit_code",
                _("%(unit)s nằm ngoài phạm vi của bạn; chỉ nhập được đơn của đơn vị mình và các đơn vị trực thuộc.")
                % {"unit": unit.name},
            )
        elif unit and received:
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
            elif complexity and extensions > extensions_allowed(Kind.DENUNCIATION, complexity):
                if extensions_allowed(Kind.DENUNCIATION, complexity) == 0:
                    err(line, "extensions", _("Gia hạn chỉ cho vụ việc phức tạp hoặc đặc biệt phức tạp."))
                else:
                    err(line, "extensions", _("Gia hạn hai lần chỉ cho vụ việc đặc biệt phức tạp."))

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
