"""One spreadsheet row validated and parsed into an internal `_Row`, collecting every error.

Reading single cells (vocabularies, dates, units, agencies) is in `petitions.importer.cells`;
here are the rules that tie a row's cells together, and the status the row stands at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from petitions.choices import Complexity, Field, Kind, Outcome, SettlementForm, Status
from petitions.deadlines import extensions_allowed
from petitions.importer.cells import _CellReader, _Unit
from petitions.importer.columns import (
    CASE_CODE_PREFIX,
    COLUMN_NAMES,
    MAX_CASE_KEY,
    NAME_SEPARATOR,
    NOT_ACCEPTED_OUTCOMES,
    OUTSIDE_AUTHORITY_OUTCOMES,
    REFORM_DAY,
    _text,
)
from portal.choices import Generation
from portal.models import User
from portal.scoping import unit_in_scope


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


class _Parser(_CellReader):
    """Validates rows one by one, collecting every error; reads reference data once per file.

    With a `scope` (the importing official), a unit outside that official's subtree is an error.
    """

    def __init__(self, header: dict[str, int], errors: list[tuple[int, str, str]], *, scope: User | None = None):
        super().__init__(header, errors)
        self.scope = scope

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
