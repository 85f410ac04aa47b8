"""Reading one row of the workbook into a registration: each bad cell is reported with its column.

The reference data a row names (rounds, units, agencies) is read once per file and only within
what the importing official may see, so an error never tells them what exists elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from models_registry import workflow
from models_registry.choices import CollectiveKind, Field, ForceRole, OwnerKind, Status
from models_registry.importer.columns import FORCE_SEPARATOR, MODELS, TASK_SEPARATOR
from models_registry.models import MobilizationModel, ModelForce, Round
from models_registry.services.common import is_movement_office_of, today
from portal.choices import CODE_WIDTH
from portal.limits import LONG_TEXT_MAX_LENGTH
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import unit_in_scope
from portal.sheet_import import Cells
from portal.sheets import cell_text, vocabulary
from portal.text import fold

TEXT_COLUMNS = ("situation", "goals", "content", "target_area", "resources", "timeline", "outputs", "replication_plan")
LINE_COLUMNS = ("name", "owner_name", "owner_position", "address")  # one-line fields, limited by their column
FORCE_COLUMNS = {
    "lead_forces": ForceRole.LEAD,
    "coordinating_forces": ForceRole.COORDINATING,
    "participating_forces": ForceRole.PARTICIPATING,
}
MAX_MONEY = 10**15 - 1  # resources_money holds 15 digits


@dataclass
class _Row:
    """A valid row, ready for `model_create`: the ids are turned into rows once for the whole file."""

    line: int
    round_id: int
    agency_id: int
    unit_id: int
    data: dict[str, Any]
    forces: list[dict[str, str]] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, int, str]:
        """What makes two registrations the same: one round, one registering agency, one name."""
        return (self.round_id, self.agency_id, fold(self.data["name"]))


class _Parser(Cells):
    """Parses rows for one official; the rounds, units and agencies they may name are read once.

    A model named twice in the file (same round, registering agency and name) is refused at its second row.
    """

    layout = MODELS

    def __init__(self, header: dict[str, int], errors: list[tuple[int, str, str]], *, actor: User):
        super().__init__(header, errors, actor=actor)
        self.first_line: dict[tuple, int] = {}
        self.today = today()
        self.vocab = {
            "field": vocabulary(Field),
            "owner_kind": vocabulary(OwnerKind),
            "collective_kind": vocabulary(CollectiveKind),
        }
        self._rounds: dict[int, Round] | None = None
        self._round_names: dict[str, list[int]] = {}
        self._units: dict[str, dict[str, list[AdministrativeUnit]]] = {}  # per round unit path: code → units
        self._agencies: dict[str, list[Agency]] | None = None
        self._office: dict[int, bool] = {}

    # --- cells -----------------------------------------------------------------------------------

    def choice(self, line: int, key: str, text: str) -> str | None:
        value = self.vocab[key].get(fold(text))
        if value is None:
            allowed = ", ".join(str(label) for label in dict.fromkeys(self._labels(key)))
            self.error(
                line,
                key,
                _("Giá trị “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": text, "allowed": allowed},
            )
        return value

    def _labels(self, key: str):
        choices = {"field": Field, "owner_kind": OwnerKind, "collective_kind": CollectiveKind}[key]
        return [label for _value, label in choices.choices]

    def forces(self, line: int, cells: tuple) -> list[dict[str, str]]:
        name_max = ModelForce._meta.get_field("name").max_length
        task_max = ModelForce._meta.get_field("task").max_length
        forces = []
        for key, role in FORCE_COLUMNS.items():
            for piece in re.split(rf"[{FORCE_SEPARATOR}\n]", self.text(cells, key)):
                name, _sep, task = piece.partition(TASK_SEPARATOR)
                name, task = name.strip(), task.strip()
                if not name:
                    if task:
                        self.error(line, key, _("Hãy ghi tên lực lượng trước dấu “:”."))
                    continue
                if len(name) > name_max or len(task) > task_max:
                    self.error(
                        line,
                        key,
                        _("Tên lực lượng tối đa %(name)s ký tự, nhiệm vụ tối đa %(task)s ký tự.")
                        % {"name": name_max, "task": task_max},
                    )
                    continue
                forces.append({"role": role, "name": name, "task": task})
        return forces

    # --- reference data --------------------------------------------------------------------------

    def rounds(self) -> dict[int, Round]:
        if self._rounds is None:
            rounds = Round.objects.visible_to(self.actor).select_related("programme", "unit")
            self._rounds = {round_.pk: round_ for round_ in rounds}
            for round_ in self._rounds.values():
                self._round_names.setdefault(fold(round_.name), []).append(round_.pk)
        return self._rounds

    def round(self, line: int, raw: Any) -> Round | None:
        text = cell_text(raw)
        if not text:
            self.error(line, "round", _("Hãy ghi mã đợt đăng ký."))
            return None
        rounds = self.rounds()
        if text.isdigit():
            round_ = rounds.get(int(text))
        else:
            matches = self._round_names.get(fold(text), [])
            if len(matches) > 1:
                self.error(line, "round", _("Có nhiều đợt tên “%(name)s”; hãy ghi mã đợt.") % {"name": text})
                return None
            round_ = rounds[matches[0]] if matches else None
        if round_ is None:
            self.error(line, "round", _("Không có đợt đăng ký “%(value)s” trong phạm vi của bạn.") % {"value": text})
            return None
        if not self.office(round_) and (reason := workflow.window_refusal(round_, self.today)):
            self.error(line, "round", reason)
            return None
        return round_

    def office(self, round_: Round) -> bool:
        """Whether the official runs the round's movement (registers for other agencies, out of the window)."""
        if round_.pk not in self._office:
            self._office[round_.pk] = is_movement_office_of(self.actor, round_)
        return self._office[round_.pk]

    def unit(self, line: int, raw: Any, round_: Round, agency: Agency) -> AdministrativeUnit | None:
        """The unit a code names under the round's launching unit (the registering agency's when blank)."""
        text = cell_text(raw)
        if not text:
            unit = agency.unit
            if not unit.path.startswith(round_.unit.path):
                self.error(
                    line,
                    "unit_code",
                    _("Cơ quan đăng ký không thuộc %(unit)s, đơn vị phát động đợt; hãy ghi mã địa bàn.")
                    % {"unit": round_.unit.name},
                )
                return None
            return unit
        if not text.isdigit():
            self.error(line, "unit_code", _("Mã địa bàn phải là chữ số."))
            return None
        index = self._unit_index(round_.unit)
        candidates = [
            unit
            for width in sorted(set(CODE_WIDTH.values()))
            if len(text) <= width
            for unit in index.get(text.zfill(width), [])
        ]
        exact = [unit for unit in candidates if unit.code == text]
        if len(exact) == 1:
            candidates = exact
        if not candidates:
            self.error(
                line,
                "unit_code",
                _("Không có địa bàn mã %(code)s thuộc %(unit)s, đơn vị phát động đợt.")
                % {"code": text, "unit": round_.unit.name},
            )
            return None
        if len(candidates) > 1:
            self.error(
                line,
                "unit_code",
                _("Mã %(code)s trùng ở nhiều cấp (%(units)s); hãy ghi đủ số 0 ở đầu.")
                % {"code": text, "units": ", ".join(f"{u.name} ({u.code})" for u in candidates)},
            )
            return None
        unit = candidates[0]
        if not unit_in_scope(self.actor, unit):
            self.error(
                line,
                "unit_code",
                _("%(unit)s (mã %(code)s) nằm ngoài phạm vi của bạn.") % {"unit": unit.name, "code": unit.code},
            )
            return None
        return unit

    def _unit_index(self, root: AdministrativeUnit) -> dict[str, list[AdministrativeUnit]]:
        if root.path not in self._units:
            index: dict[str, list[AdministrativeUnit]] = {}
            for unit in AdministrativeUnit.objects.subtree_of(root).only("id", "code", "name", "level", "path"):
                index.setdefault(unit.code, []).append(unit)
            self._units[root.path] = index
        return self._units[root.path]

    def agency(self, line: int, text: str, round_: Round) -> Agency | None:
        """The registering agency: the official's own when blank; another one only for the movement's office."""
        own = self.actor.agency if self.actor.agency_id else None
        if not text:
            if own is None:
                self.error(line, "registering_agency", _("Tài khoản chưa gắn với cơ quan; hãy ghi cơ quan đăng ký."))
            return own
        matches = self._agency_index().get(fold(text), [])
        if len(matches) > 1:
            near = [agency for agency in matches if agency.unit.path.startswith(round_.unit.path)]
            matches = near if near else matches
        if not matches:
            self.error(
                line,
                "registering_agency",
                _("Không có cơ quan “%(name)s” trong phạm vi của bạn.") % {"name": text},
            )
            return None
        if len(matches) > 1:
            self.error(
                line,
                "registering_agency",
                _("Có nhiều cơ quan tên “%(name)s”: %(units)s.")
                % {"name": text, "units": ", ".join(agency.unit.name for agency in matches)},
            )
            return None
        agency = matches[0]
        if agency.pk != getattr(own, "pk", None) and not self.office(round_):
            self.error(line, "registering_agency", _("Chỉ đăng ký mô hình thay cho cơ quan của mình."))
            return None
        return agency

    def _agency_index(self) -> dict[str, list[Agency]]:
        if self._agencies is None:
            self._agencies = {}
            agencies = Agency.objects.visible_to(self.actor).filter(is_active=True).select_related("unit")
            for agency in agencies.only("id", "name", "search_name", "short_name", "unit__name", "unit__path"):
                names = {agency.search_name, fold(agency.short_name)} - {""}
                for name in names:
                    self._agencies.setdefault(name, []).append(agency)
        return self._agencies

    # --- the row ---------------------------------------------------------------------------------

    def parse(self, line: int, cells: tuple) -> _Row | None:
        """The row's registration, or None once every bad cell of the row (or its repetition) is recorded."""
        row = self._row(line, cells)
        if row is None:
            return None
        if row.key in self.first_line:
            self.error(line, "name", _("Mô hình này đã có ở dòng %(row)s của tệp.") % {"row": self.first_line[row.key]})
            return None
        self.first_line[row.key] = line
        return row

    def _row(self, line: int, cells: tuple) -> _Row | None:
        errors_before = len(self.errors)
        round_ = self.round(line, self.raw(cells, "round"))
        agency = self.agency(line, self.text(cells, "registering_agency"), round_) if round_ else None
        unit = self.unit(line, self.raw(cells, "unit_code"), round_, agency) if round_ and agency else None

        data: dict[str, Any] = {}
        for key in LINE_COLUMNS:
            limit = MobilizationModel._meta.get_field(key).max_length
            data[key] = self.limited(line, key, self.text(cells, key), limit)
        for key in TEXT_COLUMNS:
            data[key] = self.text(cells, key)
            if len(data[key]) > LONG_TEXT_MAX_LENGTH:
                self.error(line, key, _("Tối đa %(max)s ký tự.") % {"max": LONG_TEXT_MAX_LENGTH})
        for key in workflow.REQUIRED_ELEMENTS:
            if key in data and not data[key]:
                self.error(line, key, _("Thiếu nội dung bắt buộc của bản đăng ký."))

        field_text = self.text(cells, "field")
        data["field"] = self.choice(line, "field", field_text) if field_text else None
        if not field_text:
            self.error(line, "field", _("Hãy chọn lĩnh vực."))
        owner_text = self.text(cells, "owner_kind")
        owner_kind = self.choice(line, "owner_kind", owner_text) if owner_text else None
        if not owner_text:
            self.error(line, "owner_kind", _("Hãy ghi tập thể hay cá nhân."))
        data["owner_kind"] = owner_kind
        collective_text = self.text(cells, "collective_kind")
        data["collective_kind"] = ""
        if collective_text:
            if owner_kind == OwnerKind.INDIVIDUAL:
                self.error(line, "collective_kind", _("Điển hình cá nhân không có loại tập thể; hãy để trống."))
            else:
                data["collective_kind"] = self.choice(line, "collective_kind", collective_text) or ""

        money = self.amount(
            line,
            "resources_money",
            self.raw(cells, "resources_money"),
            largest=MAX_MONEY,
            message=_("Kinh phí phải là số đồng không âm, ví dụ 5000000 hoặc 5.000.000."),
            blank=None,
        )
        data["resources_money"] = Decimal(money) if money is not None else None
        data["labour_days"] = self.amount(  # a count, read as leniently as an amount ("1.200" days)
            line,
            "labour_days",
            self.raw(cells, "labour_days"),
            largest=2**31 - 1,
            message=_("Ngày công phải là số nguyên không âm."),
            blank=None,
        )
        for key in ("starts_on", "ends_on"):
            raw = self.raw(cells, key)
            data[key] = self.date(line, key, raw) if cell_text(raw) else None
        if data["starts_on"] and data["ends_on"] and data["ends_on"] < data["starts_on"]:
            self.error(line, "ends_on", _("Ngày kết thúc không thể trước ngày bắt đầu."))
        forces = self.forces(line, cells)

        if len(self.errors) > errors_before or round_ is None or agency is None or unit is None:
            return None
        return _Row(line=line, round_id=round_.pk, agency_id=agency.pk, unit_id=unit.pk, data=data, forces=forces)


def existing_keys(rows: list[_Row], *, actor: User) -> set[tuple[int, int, str]]:
    """The (round, registering agency, name) of the file already registered and still standing."""
    if not rows:
        return set()
    found = (
        MobilizationModel.objects.visible_to(actor)
        .filter(round_id__in={row.round_id for row in rows}, registering_agency_id__in={row.agency_id for row in rows})
        .exclude(status=Status.WITHDRAWN)
        .values_list("round_id", "registering_agency_id", "search_name")
    )
    return set(found)
