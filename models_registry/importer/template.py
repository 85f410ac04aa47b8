"""The workbook users fill in: the header and a sample row, a sheet explaining every column, the open
rounds they may register with, and the lists of values offered in the cells."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from models_registry.choices import CollectiveKind, Field, OwnerKind
from models_registry.importer.columns import COLUMNS, MODELS
from models_registry.models import Round
from models_registry.services.common import today
from portal.models import User
from portal.sheet_import import bold_font, help_sheet, offer_list, saved, sheet_ref, template_start
from portal.xlsx import safe_cell

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
    from openpyxl.utils import get_column_letter

    sample = {column.key: _plain(column.example) for column in COLUMNS}
    if rounds:
        sample["round"] = rounds[0].pk
    widths = {column.key: 40 if column.key in ("name", "situation", "content") else 22 for column in COLUMNS}
    # Codes are text, so their leading zeros stay.
    workbook, sheet, lists = template_start(_("Mô hình"), MODELS, sample, text_columns=("unit_code",), widths=widths)
    sheet.freeze_panes = "B2"  # the round stays in sight

    bold = bold_font()
    for number, (key, choices) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(number)
        lists.cell(row=1, column=number, value=MODELS.header_of(key)).font = bold
        for row, (_value, label) in enumerate(choices.choices, start=2):
            lists.cell(row=row, column=number, value=str(label))
        lists.column_dimensions[letter].width = 32
        offer_list(sheet, MODELS, key, f"{sheet_ref(lists.title)}!${letter}$2:${letter}${len(choices.choices) + 1}")

    notes = (
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
    )
    help_sheet(workbook, MODELS, notes)
    workbook[_("Hướng dẫn")].column_dimensions["A"].width = 30  # the headers here are long

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
    return saved(workbook)
