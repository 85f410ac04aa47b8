"""The workbooks users fill in: a header and a sample row, the reference lists (the plan's areas, the agencies
of its unit's subtree; indicators, components and units), and a sheet explaining every column."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.choices import AgencyKind, Generation
from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import unit_scope_q
from portal.sheet_import import bold_font, help_sheet, offer_list, saved, sheet_ref, template_start
from portal.xlsx import safe_cell
from reform.choices import PAPI_DIMENSIONS, SIPAS_ELEMENTS, IndicatorKind
from reform.importer.columns import INDICATORS, LEGACY_PREFIX, TASKS
from reform.models import Area, Plan
from reform.scoping import MANAGE_PERMISSION

WIDE = {"title": 60, "lead_agency": 36, "coordinating_agencies": 36, "expected_output": 36, "label": 36}


def managed_plans(user: User):
    """The plans the official may import tasks into: those of their subtree, if they manage plans; newest first."""
    if not (user.has_perm(MANAGE_PERMISSION) and user.has_perm("reform.add_task")):
        return Plan.objects.none()
    return (
        Plan.objects.visible_to(user)
        .filter(unit_scope_q(user, "unit"))
        .select_related("unit", "owner_agency")
        .order_by("-year", "unit__path", "title")
    )


def _agencies_of(unit: AdministrativeUnit | None, user: User) -> list[Agency]:
    if unit is None:
        return []
    queryset = Agency.objects.visible_to(user).filter(unit__path__startswith=unit.path, is_active=True)
    return list(queryset.select_related("unit").order_by("unit__path", "kind", "name"))


def _unique_names(agencies: list[Agency]) -> list[Agency]:
    """Agencies whose full name no other one shares: the sample row names them so it imports as it is."""
    from collections import Counter

    from portal.text import fold

    counts = Counter(agency.search_name for agency in agencies)
    counts.update(fold(agency.short_name) for agency in agencies if agency.short_name)
    return [agency for agency in agencies if counts[agency.search_name] == 1]


def tasks_template(*, user: User, plan: Plan | None = None) -> bytes:
    """The appendix template; for a plan, it lists the plan's areas and the agencies of its unit's subtree."""
    with translation.override("vi"):
        areas = list(plan.areas.order_by("order", "id")) if plan else list(Area.objects.filter(is_active=True))
        agencies = _agencies_of(plan.unit if plan else user.scope_unit, user)
        year = plan.year if plan else timezone.localdate().year
        named = _unique_names(agencies)
        # The sample's lead: the official's own agency (reform officers work in Nội vụ), else a department.
        own = next((agency for agency in named if agency.pk == user.agency_id), None)
        department = next((agency for agency in named if agency.kind == AgencyKind.DEPARTMENT), None)
        lead = own or department or (named[0] if named else None)
        helper = next(
            (agency for agency in named if lead and agency.pk != lead.pk and agency.unit_id == lead.unit_id), None
        )
        sample = {
            "number": "1",
            "area": areas[0].name if areas else "",
            "title": _("Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết"),
            "lead_agency": lead.name if lead else "",
            "coordinating_agencies": helper.name if helper else "",
            "deadline": dt.date(year, 12, 31),
            "expected_output": _("Báo cáo kết quả rà soát"),
            "weight": 1,
            "notes": "",
        }
        workbook, sheet, lists = template_start(_("Nhiệm vụ"), TASKS, sample, text_columns=("number",), widths=WIDE)

        bold = bold_font()
        lists.append([_("Lĩnh vực của kế hoạch"), "", "", "", _("Cơ quan chủ trì, phối hợp")])
        lists.append(
            [
                _("Mã lĩnh vực"),
                _("Tên lĩnh vực"),
                "",
                "",
                _("Mã cơ quan"),
                _("Tên viết tắt"),
                _("Tên cơ quan"),
                _("Đơn vị"),
            ]
        )
        for row in (1, 2):
            for cell in lists[row]:
                cell.font = bold
        for offset, area in enumerate(areas, start=3):
            safe_cell(lists, offset, 1, area.code)
            safe_cell(lists, offset, 2, area.name)
        for offset, agency in enumerate(agencies, start=3):
            for column, value in enumerate((agency.pk, agency.short_name, agency.name, agency.unit.name), start=5):
                safe_cell(lists, offset, column, value)
        if not agencies:
            lists.cell(row=3, column=5, value=_("Không có cơ quan nào trong phạm vi của bạn."))
        for letter, width in zip("ABCDEFGH", (20, 50, 4, 4, 12, 14, 50, 30), strict=True):
            lists.column_dimensions[letter].width = width
        if areas:
            offer_list(sheet, TASKS, "area", f"{sheet_ref(lists.title)}!$B$3:$B${len(areas) + 2}")

        notes = (
            _("Mỗi dòng của trang “Nhiệm vụ” là một nhiệm vụ; dòng 1 là tiêu đề, các cột theo thứ tự bất kỳ."),
            _("Nhiệm vụ con ghi số thứ tự của nhiệm vụ cha, dấu chấm, rồi số của mình: “1.2” thuộc nhiệm vụ “1”."),
            _("Cả tệp được nhập hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê mọi dòng sai và không ghi gì."),
            _("Số thứ tự đã có trong kế hoạch không được dùng lại, nên nhập lại cùng tệp không tạo nhiệm vụ trùng."),
            _("Xóa hoặc sửa dòng ví dụ trước khi nhập phụ lục thật."),
        )
        help_sheet(workbook, TASKS, notes)
        return saved(workbook)


def indicators_template(*, user: User) -> bytes:
    """The indicator template: the indicators, their components' codes, and the units of the official's scope."""
    with translation.override("vi"):
        scope = user.scope_unit
        units = list(AdministrativeUnit.objects.subtree_of(scope).order_by("path")) if scope else []
        codes = _unit_codes(units)
        sample = {
            "unit_code": codes[scope.pk] if scope else "",
            "year": timezone.localdate().year - 1,
            "kind": "PAPI",
            "scheme": "",
            "component": "participation",
            "label": "",
            "score": 5.12,
            "max_points": 10,
            "rank": None,
            "source": "papi.org.vn",
        }
        workbook, sheet, lists = template_start(
            _("Chỉ số"), INDICATORS, sample, text_columns=("unit_code", "component"), widths=WIDE
        )

        bold = bold_font()
        lists.append([_("Chỉ số"), _("Tên chỉ số"), "", _("Chỉ số"), _("Mã thành phần"), _("Tên thành phần")])
        for cell in lists[1]:
            cell.font = bold
        short = {IndicatorKind.PAR_INDEX: "PAR Index", IndicatorKind.PAPI: "PAPI", IndicatorKind.SIPAS: "SIPAS"}
        for offset, kind in enumerate(IndicatorKind, start=2):
            lists.cell(row=offset, column=1, value=short[kind])
            lists.cell(row=offset, column=2, value=str(kind.label))
        components = [("PAPI", code, label) for code, label in PAPI_DIMENSIONS.items()]
        components += [("SIPAS", code, label) for code, label in SIPAS_ELEMENTS.items()]
        components.append(("PAR Index", _("(theo bộ tiêu chí)"), _("Mã và tên lĩnh vực theo bộ tiêu chí của năm")))
        for offset, (kind, code, label) in enumerate(components, start=2):
            for column, value in enumerate((kind, code, str(label)), start=4):
                lists.cell(row=offset, column=column, value=value)
        offer_list(sheet, INDICATORS, "kind", f"{sheet_ref(lists.title)}!$A$2:$A${len(IndicatorKind) + 1}")

        units_sheet = workbook.create_sheet(_("Đơn vị"))
        units_sheet.append([_("Mã đơn vị"), _("Tên đơn vị"), _("Cấp"), _("Bản đồ")])
        for cell in units_sheet[1]:
            cell.font = bold
        for offset, unit in enumerate(units, start=2):
            cell = units_sheet.cell(row=offset, column=1, value=codes[unit.pk])
            cell.number_format = "@"
            units_sheet.cell(row=offset, column=2, value=unit.name)
            units_sheet.cell(row=offset, column=3, value=unit.get_level_display())
            units_sheet.cell(row=offset, column=4, value=unit.get_generation_display())
        for letter, width in zip("ABCDEF", (12, 40, 4, 12, 20, 60), strict=True):
            lists.column_dimensions[letter].width = width
        for letter, width in zip("ABCD", (12, 40, 10, 26), strict=True):
            units_sheet.column_dimensions[letter].width = width

        notes = (
            _("Mỗi dòng của trang “Chỉ số” là một điểm: của một đơn vị, một năm, một chỉ số (hoặc một thành phần)."),
            _("Cả tệp được nhập hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê mọi dòng sai và không ghi gì."),
            _("Điểm đã có (cùng đơn vị, năm, chỉ số, bộ tiêu chí, thành phần) được cập nhật theo tệp."),
            _("Xóa hoặc sửa dòng ví dụ trước khi nhập danh sách thật."),
        )
        help_sheet(workbook, INDICATORS, notes)
        return saved(workbook)


def _unit_codes(units: list[AdministrativeUnit]) -> dict[int, str]:
    """Each unit's code as the import reads it: a three-level map's code gets "L" where the two maps share it."""
    legacy = [unit.code for unit in units if unit.generation == Generation.LEGACY]
    shared = set(
        AdministrativeUnit.objects.filter(generation=Generation.CURRENT, code__in=legacy).values_list("code", flat=True)
    )
    return {
        unit.pk: f"{LEGACY_PREFIX}{unit.code}"
        if unit.generation == Generation.LEGACY and unit.code in shared
        else unit.code
        for unit in units
    }
