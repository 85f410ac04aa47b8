"""Reading one row of a workbook into a task or an indicator score: each bad cell is reported with its column.

The reference data a row names (the plan's areas, the agencies of its unit's subtree, units) is read once per
file and only within what the importing official may see, so an error never tells them what exists elsewhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.choices import CODE_WIDTH, Generation
from portal.limits import LONG_TEXT_MAX_LENGTH
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import unit_scope_q
from portal.sheet_import import Cells
from portal.sheets import cell_text, vocabulary
from portal.text import fold
from reform.choices import OVERALL, PAPI_DIMENSIONS, SIPAS_ELEMENTS, IndicatorKind, year_start
from reform.importer.columns import INDICATORS, LEGACY_PREFIX, LIST_SEPARATOR, TASKS
from reform.models import Area, IndicatorValue, Plan, Task

NUMBER = re.compile(r"^(\d{1,6})(?:\.(\d{1,6}))?\.?$")  # "1", "1.", "1.2"
DEEPER_NUMBER = re.compile(r"^\d+(\.\d+){2,}\.?$")  # "1.2.3": a second level of sub-tasks
MAX_WEIGHT = Decimal("9999.99")  # Task.weight holds 6 digits, 2 after the point
MAX_POINTS = Decimal("999999.99")  # IndicatorValue's scores hold 8 digits, 2 after the point
FIRST_INDICATOR_YEAR = 2000
LISTED = 5  # candidates named in an "ambiguous" message


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return f"{shown}, …" if len(names) > LISTED else shown


# --- tasks -----------------------------------------------------------------------------------------


@dataclass
class TaskRow:
    """A valid row, ready for `task_create`: reference rows are kept by id and read once for the whole file."""

    line: int
    number: str
    parent_number: str | None
    area_id: int | None  # None: a sub-task taking its parent's area
    title: str
    lead_agency_id: int
    coordinating_ids: list[int] = field(default_factory=list)
    deadline: dt.date | None = None
    expected_output: str = ""
    weight: Decimal = Decimal("1")
    notes: str = ""


class TaskParser(Cells):
    """Parses the rows of one plan's appendix; its areas and the agencies of its unit's subtree are read once."""

    layout = TASKS

    def __init__(self, header, errors, *, actor: User | None, plan: Plan):
        super().__init__(header, errors, actor=actor)
        self.plan = plan
        self.plan_areas = {area.pk: area for area in plan.areas.all()}
        self._area_index: dict[str, Area] | None = None
        self._agency_index: dict[str, list[Agency]] | None = None
        self._agencies_by_id: dict[int, Agency] = {}

    # --- reference data ---

    def areas(self) -> dict[str, Area]:
        if self._area_index is None:
            self._area_index = {}
            for area in Area.objects.all():
                self._area_index.setdefault(fold(area.name), area)
                self._area_index.setdefault(fold(area.code), area)
        return self._area_index

    def area(self, line: int, text: str) -> Area | None:
        area = self.areas().get(fold(text))
        if area is None or area.pk not in self.plan_areas:
            names = ", ".join(area.name for area in self.plan_areas.values())
            message = (
                _("Không có lĩnh vực “%(value)s”; các lĩnh vực của kế hoạch: %(areas)s.")
                if area is None
                else _("Lĩnh vực “%(value)s” không thuộc kế hoạch này; các lĩnh vực của kế hoạch: %(areas)s.")
            )
            self.error(line, "area", message % {"value": text, "areas": names})
            return None
        return area

    def agencies(self) -> dict[str, list[Agency]]:
        """The active agencies of the plan's unit subtree (as the official sees them), by folded name and short name."""
        if self._agency_index is None:
            self._agency_index = {}
            queryset = Agency.objects.filter(unit__path__startswith=self.plan.unit.path, is_active=True)
            if self.actor is not None:
                queryset = queryset.visible_to(self.actor)
            for agency in queryset.select_related("unit").only("id", "name", "search_name", "short_name", "unit__name"):
                self._agencies_by_id[agency.pk] = agency
                for name in {agency.search_name, fold(agency.short_name)} - {""}:
                    self._agency_index.setdefault(name, []).append(agency)
        return self._agency_index

    def agency(self, line: int, key: str, text: str) -> Agency | None:
        index = self.agencies()
        matches = index.get(fold(text), [])
        if not matches and text.isdigit() and int(text) in self._agencies_by_id:
            matches = [self._agencies_by_id[int(text)]]  # the id the template's "Danh mục" lists
        if not matches:
            self.error(
                line,
                key,
                _("Không có cơ quan “%(name)s” thuộc %(unit)s hoặc đơn vị trực thuộc.")
                % {"name": text, "unit": self.plan.unit.name},
            )
            return None
        if len(matches) > 1:
            names = [_("%(name)s (mã %(id)s)") % {"name": agency.name, "id": agency.pk} for agency in matches]
            self.error(
                line,
                key,
                _("Có nhiều cơ quan “%(name)s”: %(agencies)s; hãy ghi tên đầy đủ hoặc mã cơ quan.")
                % {"name": text, "agencies": _listed(names)},
            )
            return None
        return matches[0]

    # --- cells ---

    def number(self, line: int, text: str) -> tuple[str, str | None] | None:
        if not text:
            self.error(line, "number", _("Cần ghi số thứ tự của nhiệm vụ."))
            return None
        if DEEPER_NUMBER.match(text):
            self.error(line, "number", _("Chỉ chia nhiệm vụ thành một cấp nhiệm vụ con (ví dụ 1.2)."))
            return None
        match = NUMBER.match(text)
        if match is None:
            self.error(line, "number", _("Số thứ tự “%(value)s” không hợp lệ; ví dụ: 1, 2 hoặc 1.2.") % {"value": text})
            return None
        top, sub = str(int(match.group(1))), match.group(2)
        if sub is None:
            return top, None
        return f"{top}.{int(sub)}", top

    def weight(self, line: int, raw: Any) -> Decimal | None:
        weight = self.decimal(
            line,
            "weight",
            raw,
            largest=MAX_WEIGHT,
            message=_("Trọng số phải là một số dương, tối đa 2 chữ số thập phân (ví dụ 1 hoặc 1,5)."),
        )
        if weight is not None and weight == 0:
            self.error(
                line, "weight", _("Trọng số phải là một số dương, tối đa 2 chữ số thập phân (ví dụ 1 hoặc 1,5).")
            )
            return None
        return weight

    def parse(self, line: int, cells: tuple) -> TaskRow | None:
        """The row's task, or None once every bad cell of the row is recorded."""
        errors_before = len(self.errors)
        numbers = self.number(line, self.text(cells, "number"))
        number, parent_number = numbers if numbers else ("", None)

        area_text = self.text(cells, "area")
        area = self.area(line, area_text) if area_text else None
        if not area_text and not parent_number:
            self.error(line, "area", _("Cần ghi lĩnh vực của nhiệm vụ."))

        title = self.limited(line, "title", self.text(cells, "title"), LONG_TEXT_MAX_LENGTH)
        if not title:
            self.error(line, "title", _("Cần nhập nội dung nhiệm vụ."))

        lead_text = self.text(cells, "lead_agency")
        lead = self.agency(line, "lead_agency", lead_text) if lead_text else None
        if not lead_text:
            self.error(line, "lead_agency", _("Cần ghi cơ quan chủ trì."))

        coordinating: list[Agency] = []
        for piece in re.split(rf"[{LIST_SEPARATOR}\n]", self.text(cells, "coordinating_agencies")):
            if not piece.strip():
                continue
            agency = self.agency(line, "coordinating_agencies", piece.strip())
            if agency is None or agency in coordinating:
                continue
            if lead is not None and agency.pk == lead.pk:
                self.error(
                    line,
                    "coordinating_agencies",
                    _("Cơ quan chủ trì (%(name)s) không đồng thời là cơ quan phối hợp.") % {"name": lead.name},
                )
                continue
            coordinating.append(agency)

        deadline_raw = self.raw(cells, "deadline")
        deadline = self.date(line, "deadline", deadline_raw) if cell_text(deadline_raw) else None
        if not cell_text(deadline_raw):
            self.error(line, "deadline", _("Cần ghi thời hạn của nhiệm vụ."))
        elif deadline is not None and deadline < year_start(self.plan.year):
            self.error(
                line,
                "deadline",
                _("Thời hạn không được trước năm của kế hoạch (%(year)s).") % {"year": self.plan.year},
            )

        output_limit = Task._meta.get_field("expected_output").max_length
        expected_output = self.limited(line, "expected_output", self.text(cells, "expected_output"), output_limit)
        notes = self.limited(line, "notes", self.text(cells, "notes"), LONG_TEXT_MAX_LENGTH)
        weight = self.weight(line, self.raw(cells, "weight"))

        if len(self.errors) > errors_before or lead is None or deadline is None or not number:
            return None
        return TaskRow(
            line=line,
            number=number,
            parent_number=parent_number,
            area_id=area.pk if area is not None else None,
            title=title,
            lead_agency_id=lead.pk,
            coordinating_ids=[agency.pk for agency in coordinating],
            deadline=deadline,
            expected_output=expected_output,
            weight=weight if weight is not None else Decimal("1"),
            notes=notes,
        )


# --- indicators ------------------------------------------------------------------------------------

KNOWN_COMPONENTS = {IndicatorKind.PAPI: PAPI_DIMENSIONS, IndicatorKind.SIPAS: SIPAS_ELEMENTS}
SHORT_KINDS = {"par index": IndicatorKind.PAR_INDEX, "parindex": IndicatorKind.PAR_INDEX}


@dataclass
class IndicatorRow:
    """A valid row, ready for `indicator_record`."""

    line: int
    unit_id: int
    year: int
    kind: str
    scheme: str
    component: str
    label: str
    score: Decimal
    max_points: Decimal | None
    rank: int | None
    source: str

    @property
    def key(self) -> tuple:
        """What makes two scores the same value (the model's unique constraint)."""
        return (self.unit_id, self.year, self.kind, self.scheme, self.component)


class IndicatorParser(Cells):
    """Parses indicator scores for one official: units are looked up in their scope, on either map."""

    layout = INDICATORS

    def __init__(self, header, errors, *, actor: User | None):
        super().__init__(header, errors, actor=actor)
        self.kinds = vocabulary(IndicatorKind) | SHORT_KINDS
        self.components = {
            kind: {fold(code): code for code in known} | {fold(str(label)): code for code, label in known.items()}
            for kind, known in KNOWN_COMPONENTS.items()
        }
        self._units: dict[str, list[AdministrativeUnit]] = {}
        self.this_year = timezone.localdate().year

    def unit(self, line: int, raw: Any) -> AdministrativeUnit | None:
        text = cell_text(raw).replace(" ", "")
        if not text:
            self.error(line, "unit_code", _("Cần ghi mã đơn vị."))
            return None
        legacy = text[:1].upper() == LEGACY_PREFIX
        digits = text[1:] if legacy else text
        if not digits.isdigit() or len(digits) > max(CODE_WIDTH.values()):
            self.error(line, "unit_code", _("Mã đơn vị “%(value)s” không hợp lệ: mã là chữ số.") % {"value": text})
            return None
        candidates = self._candidates(digits, legacy=legacy)
        exact = [unit for unit in candidates if unit.code == digits]
        candidates = exact or candidates
        if not candidates:
            self.error(line, "unit_code", _("Không có đơn vị mã %(code)s trong phạm vi của bạn.") % {"code": text})
            return None
        if len(candidates) > 1:
            names = [f"{unit.name} ({unit.code}, {unit.get_generation_display()})" for unit in candidates]
            self.error(
                line,
                "unit_code",
                _(
                    "Mã %(code)s trùng ở nhiều đơn vị: %(units)s; hãy ghi đủ số 0 ở đầu, "
                    "hoặc thêm “L” ở đầu cho bản đồ ba cấp."
                )
                % {"code": text, "units": _listed(names)},
            )
            return None
        return candidates[0]

    def _candidates(self, digits: str, *, legacy: bool) -> list[AdministrativeUnit]:
        key = f"{'L' if legacy else ''}{digits}"
        if key not in self._units:
            codes = {digits.zfill(width) for width in CODE_WIDTH.values() if len(digits) <= width}
            queryset = AdministrativeUnit.objects.filter(code__in=codes)
            if legacy:
                queryset = queryset.filter(generation=Generation.LEGACY)
            if self.actor is not None:
                queryset = queryset.filter(unit_scope_q(self.actor, ""))
            self._units[key] = list(queryset.order_by("generation", "path"))
        return self._units[key]

    def kind(self, line: int, text: str) -> str | None:
        if not text:
            self.error(line, "kind", _("Cần ghi chỉ số (PAR Index, PAPI hoặc SIPAS)."))
            return None
        kind = self.kinds.get(fold(text))
        if kind is None:
            self.error(
                line, "kind", _("Chỉ số “%(value)s” không hợp lệ; ghi PAR Index, PAPI hoặc SIPAS.") % {"value": text}
            )
        return kind

    def component(self, line: int, kind: str | None, text: str) -> str | None:
        if not text:
            return OVERALL
        known = self.components.get(kind) if kind else None
        if known is None:
            return self.limited(line, "component", text, IndicatorValue._meta.get_field("component").max_length)
        code = known.get(fold(text))
        if code is None:
            self.error(
                line,
                "component",
                _("“%(value)s” không phải là một thành phần của %(kind)s; các mã hợp lệ: %(known)s.")
                % {
                    "value": text,
                    "kind": "PAPI" if kind == IndicatorKind.PAPI else "SIPAS",
                    "known": ", ".join(KNOWN_COMPONENTS[kind]),
                },
            )
        return code

    def parse(self, line: int, cells: tuple) -> IndicatorRow | None:
        errors_before = len(self.errors)
        unit = self.unit(line, self.raw(cells, "unit_code"))
        year_raw = self.raw(cells, "year")
        year = self.whole(
            line,
            "year",
            year_raw,
            smallest=FIRST_INDICATOR_YEAR,
            largest=self.this_year,
            message=_("Năm phải là một năm từ %(first)s đến %(last)s.")
            % {"first": FIRST_INDICATOR_YEAR, "last": self.this_year},
        )
        if not cell_text(year_raw):
            self.error(line, "year", _("Cần ghi năm được đánh giá."))
        kind = self.kind(line, self.text(cells, "kind"))
        scheme = self.limited(
            line, "scheme", self.text(cells, "scheme"), IndicatorValue._meta.get_field("scheme").max_length
        )
        component = self.component(line, kind, self.text(cells, "component"))
        label = self.limited(
            line, "label", self.text(cells, "label"), IndicatorValue._meta.get_field("component_label").max_length
        )
        points = _("%(what)s phải là một số không âm, tối đa 2 chữ số thập phân.")
        score_raw = self.raw(cells, "score")
        score = self.decimal(line, "score", score_raw, largest=MAX_POINTS, message=points % {"what": _("Điểm")})
        if not cell_text(score_raw):
            self.error(line, "score", _("Cần nhập điểm."))
        max_points = self.decimal(
            line,
            "max_points",
            self.raw(cells, "max_points"),
            largest=MAX_POINTS,
            message=points % {"what": _("Điểm tối đa")},
        )
        if score is not None and max_points is not None and score > max_points:
            self.error(
                line,
                "score",
                _("Điểm (%(score)s) vượt điểm tối đa (%(max)s).") % {"score": score, "max": max_points},
            )
        rank = self.whole(
            line, "rank", self.raw(cells, "rank"), smallest=1, largest=32767, message=_("Xếp hạng là số nguyên dương.")
        )
        source = self.limited(
            line, "source", self.text(cells, "source"), IndicatorValue._meta.get_field("source").max_length
        )
        if len(self.errors) > errors_before or None in (unit, year, kind, component, score):
            return None
        return IndicatorRow(
            line=line,
            unit_id=unit.pk,
            year=year,
            kind=kind,
            scheme=scheme,
            component=component,
            label=label,
            score=score,
            max_points=max_points,
            rank=rank,
            source=source,
        )
