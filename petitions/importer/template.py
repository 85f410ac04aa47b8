"""The workbook users fill in, with a sheet explaining every column."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _

from petitions.importer.columns import COLUMNS

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
