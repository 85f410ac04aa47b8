"""The workbook users fill in: the header and a sample row, a sheet explaining every column, the open
rounds they may register with, and the lists of values offered in the cells."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from models_registry.choices import CollectiveKind, Field, OwnerKind
from models_registry.importer.columns import BY_KEY, COLUMNS
from models_registry.models import Round
from models_registry.services.common import today
from portal.models import User
from portal.xlsx import safe_cell

SHEET_ROWS = 1000  # rows of the main sheet prepared with formats and value lists
LISTS = {"field": Field, "owner_kind": OwnerKind, "collective_kind": CollectiveKind}


def open_rounds(user: User) -> list[Round]:
    """The rounds the official may register with today (window open), nearest deadline first."""
    on = today()
    return list(
        Round.objects.visible_to(user)
        .filter(registration_opens__lte=on, registration_closes__gte=on)
        .select_related("programme", "unit")
        .order_by("registration_closes", "pk")
    )


def _plain(value):
    """Labels of choices are lazy strings, which openpyxl cannot write."""
    return str(value) if isinstance(value, Promise) else value


def import_template(*, user: User | None = None) -> bytes:
    """The template workbook; given the official, it lists the rounds open to them and uses one in the sample."""
    with translation.override("vi"):
        return _workbook(open_rounds(user) if user is not None else [])


def _workbook(rounds: list[Round]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    wrap = Alignment(wrap_text=True, vertical="top")

    sheet = workbook.active
    sheet.title = _("Mô hình")
    lists = workbook.create_sheet(_("Danh mục"))
    list_ranges = {}
    for number, (key, choices) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=str(BY_KEY[key].header)).font = bold
        for row, (_value, label) in enumerate(choices.choices, start=2):
            lists.cell(row=row, column=number, value=str(label))
        list_ranges[key] = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(choices.choices) + 1}"
        lists.column_dimensions[letter].width = 32

    sample = {column.key: _plain(column.example) for column in COLUMNS}
    if rounds:
        sample["round"] = rounds[0].pk
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = bold
        cell.alignment = wrap
        if column.required:
            cell.fill = required_fill
        value = sample[column.key]
        example = sheet.cell(row=2, column=index, value=value if value != "" else None)
        if isinstance(value, dt.date):
            example.number_format = "dd/mm/yyyy"
        sheet.column_dimensions[letter].width = 40 if column.key in ("name", "situation", "content") else 22
        if column.key == "unit_code":
            for row in range(2, SHEET_ROWS + 1):
                sheet.cell(row=row, column=index).number_format = "@"  # keep the leading zeros of codes
        if column.key in list_ranges:
            validation = DataValidation(type="list", formula1=list_ranges[column.key], allow_blank=True)
            validation.error = _("Hãy chọn một giá trị trong danh sách.")
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{SHEET_ROWS}")
    sheet.freeze_panes = "B2"

    help_sheet = workbook.create_sheet(_("Hướng dẫn"))
    help_sheet.append([_("Cột"), _("Bắt buộc"), _("Ý nghĩa"), _("Giá trị hợp lệ"), _("Ví dụ")])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in COLUMNS:
        example = column.example.strftime("%d/%m/%Y") if isinstance(column.example, dt.date) else _plain(column.example)
        help_sheet.append(
            [str(column.header), _("Có") if column.required else "", str(column.meaning), str(column.allowed), example]
        )
    help_sheet.append([])
    for note in (
        _("Mỗi dòng của trang “Mô hình” là một mô hình hoặc điển hình; dòng 1 là tiêu đề, các cột theo thứ tự bất kỳ."),
        _("Cả tệp được nhập hoặc không nhập gì: nếu có dòng sai, hệ thống liệt kê mọi dòng sai và không ghi gì."),
        _(
            "Mô hình được tạo ở dạng bản nháp; sau khi nhập, hãy tự đánh giá theo từng tiêu chí, "
            "đính kèm minh chứng rồi gửi đăng ký."
        ),
        _(
            "Mô hình đã có (cùng đợt, cùng cơ quan đăng ký, cùng tên) được bỏ qua, "
            "nên nhập lại cùng tệp không tạo trùng."
        ),
        _("Xóa dòng ví dụ trước khi nhập danh sách thật."),
    ):
        help_sheet.append([note])
        help_sheet.merge_cells(start_row=help_sheet.max_row, start_column=1, end_row=help_sheet.max_row, end_column=5)
    for letter, width in zip("ABCDE", (30, 10, 70, 50, 40), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap

    rounds_sheet = workbook.create_sheet(_("Đợt đăng ký"))
    rounds_sheet.append(
        [_("Mã đợt"), _("Tên đợt"), _("Phong trào"), _("Năm"), _("Đơn vị phát động"), _("Mở từ"), _("Hạn đăng ký")]
    )
    for cell in rounds_sheet[1]:
        cell.font = bold
    for row, round_ in enumerate(rounds, start=2):
        values = [
            round_.pk,
            round_.name,
            round_.programme.short_name,
            round_.year,
            round_.unit.name,
            round_.registration_opens,
            round_.registration_closes,
        ]
        for column, value in enumerate(values, start=1):
            cell = safe_cell(rounds_sheet, row, column, value)
            if isinstance(value, dt.date):
                cell.number_format = "dd/mm/yyyy"
    if not rounds:
        rounds_sheet.append([_("Hiện không có đợt nào đang mở đăng ký trong phạm vi của bạn.")])
    for letter, width in zip("ABCDEFG", (10, 60, 24, 8, 30, 12, 12), strict=True):
        rounds_sheet.column_dimensions[letter].width = width

    workbook.move_sheet(lists, offset=len(workbook.sheetnames))  # the lists go last, after the help
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
