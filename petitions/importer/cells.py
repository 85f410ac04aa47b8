"""Reading the cells of one register row: vocabularies, yes/no, dates, and the unit or agency a cell names.

Each reader records an error against the row's line and column and returns None (or "invalid"),
so the row parser can go on and report every bad cell of the row at once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from petitions.choices import Channel, ComplaintResult, Complexity, Field, Kind, Outcome, SettlementForm
from petitions.importer.columns import DMY_DATE, ISO_DATE, NO, YES, _text, _vocabulary
from petitions.services import today
from portal.choices import CODE_WIDTH, Generation, Level
from portal.models import AdministrativeUnit, Agency
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


class _CellReader:
    """Cell access and small parsers, with the reference data (units, agencies) read once per file."""

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
