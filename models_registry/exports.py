"""The Excel export of the models list: one row per model, as filtered on the page.

The caller passes the queryset the list shows (the same FilterSet, already scoped to the official);
the rows are read in one joined query and streamed into a write-only workbook, so 10,000 models take a
few seconds and little memory. Text typed by users is written as text (portal.xlsx: no formulas).
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from models_registry.choices import Field, OwnerKind, RecognitionLevel, Status
from portal.xlsx import date_cell, safe_row

CHUNK = 2000


def _headers() -> list[tuple[str, int]]:
    return [
        (_("Phong trào"), 22),
        (_("Đợt đăng ký"), 40),
        (_("Năm"), 8),
        (_("Tên mô hình"), 60),
        (_("Lĩnh vực"), 24),
        (_("Cấp công nhận"), 18),
        (_("Tập thể hay cá nhân"), 12),
        (_("Chủ thể"), 36),
        (_("Chức vụ, nghề nghiệp"), 24),
        (_("Địa bàn"), 24),
        (_("Cơ quan đăng ký"), 36),
        (_("Trạng thái"), 20),
        (_("Ngày đăng ký"), 13),
        (_("Ngày công nhận"), 13),
        (_("Ngày chọn tiêu biểu"), 13),
    ]


# What each row reads, in the order of the columns: one joined query, no model instances.
FIELDS = (
    "round__programme__short_name",
    "round__name",
    "round__year",
    "name",
    "field",
    "round__recognition_level",
    "owner_kind",
    "owner_name",
    "owner_position",
    "unit__name",
    "registering_agency__name",
    "status",
    "registered_on",
    "recognized_on",
    "typical_on",
)
# No council score: the list is exported by anyone who may see the models, the score only by the office.
CHOICES = {"field": Field, "round__recognition_level": RecognitionLevel, "owner_kind": OwnerKind, "status": Status}
DATES = ("registered_on", "recognized_on", "typical_on")


def models_workbook(queryset: QuerySet) -> bytes:
    """An .xlsx of the given models (already filtered and scoped by the caller), in its order."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    # Labels translated once per file, not once per cell (10,000 rows would spend seconds in gettext).
    labels = {
        position: {value: str(label) for value, label in CHOICES[name].choices}
        for position, name in enumerate(FIELDS)
        if name in CHOICES
    }
    dates = {FIELDS.index(name) for name in DATES}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Mô hình"))
    headers = _headers()
    for index, (_title, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([title for title, _width in headers])
    for values in queryset.prefetch_related(None).values_list(*FIELDS).iterator(chunk_size=CHUNK):
        row = [
            labels[i].get(value, value) if i in labels else date_cell(sheet, value) if i in dates else value
            for i, value in enumerate(values)
        ]
        sheet.append(safe_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def models_export(*, actor, queryset: QuerySet, querystring: str = "") -> bytes:
    """The workbook of a filtered list, recorded in the audit trail: it names individuals who own models."""
    from portal.services import audit_record

    content = models_workbook(queryset)
    audit_record(
        actor=actor,
        verb="model.exported",
        unit=getattr(actor, "scope_unit", None),
        payload={"querystring": querystring[:500]},
    )
    return content
