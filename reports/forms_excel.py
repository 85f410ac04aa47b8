"""Official report forms as Excel workbooks (DOMAIN R3.3): units as rows, a column hierarchy,
a column-number row and the form's check formulas. Figures come from SQL aggregation grouped by
child unit, like the dashboards; no denouncer identity is ever written.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from openpyxl import Workbook

from petitions.choices import Field, Kind, Outcome, SettlementForm
from petitions.metrics import case_metric_filters
from petitions.models import Case, Petition
from portal.models import AdministrativeUnit
from portal.xlsx import write_form_table
from reception.choices import ReceivedBy, SessionKind
from reception.models import ReceptionVisit
from reports.engine import CASE_UNIT_PATH, _child_prefix, _children, own_level_name

TOTAL_ROW = "Tổng cộng"


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # header hierarchy, top to bottom
    key: str


def _rows(unit: AdministrativeUnit, queryset, unit_path_field: str, aggregates: dict) -> list[tuple[str, dict]]:
    """One row per child unit, one for the unit's own agencies ("Cơ quan cấp tỉnh"), then the total
    of those rows; one grouped query."""
    children = _children(unit)
    if not children:  # a commune: all of it is its own level
        total = queryset.aggregate(**aggregates)
        return [(own_level_name(unit), total), (TOTAL_ROW, total)]
    grouped = {
        r.pop("child"): r
        for r in queryset.annotate(child=_child_prefix(unit, unit_path_field))
        .values("child")
        .annotate(**aggregates)
        .order_by()
    }
    rows = [(child.name, grouped.get(path, {})) for path, child in children.items()]
    # the unit's own records have its own path, shorter than any child's
    rows.append((own_level_name(unit), grouped.get(unit.path, {})))
    # The total is the sum of the rows, as a consolidated report adds up its units' reports: the same
    # as aggregating the whole subtree, except for a number of distinct cases, which each unit
    # counts for the petitions it handled (a case handled at two levels is in both rows).
    rows.append((TOTAL_ROW, {key: sum(values.get(key) or 0 for _name, values in rows) for key in aggregates}))
    return rows


def _write(
    title: str,
    unit: AdministrativeUnit,
    start: dt.date,
    end: dt.date,
    columns: list[Column],
    rows: list[tuple[str, dict]],
    checks: list[str],
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title.split(" ")[0].replace("/", "-")
    write_form_table(
        sheet,
        title=title,
        lines=[f"Đơn vị: {unit.full_name}", f"Số liệu tính từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"],
        first_header="Đơn vị",
        columns=[(column.path, column.key) for column in columns],
        rows=rows,
        checks=checks,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def form_01_kqgq(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """01/KQGQ: settlement of complaints within authority (by case)."""
    cases = Case.objects.filter(  # counted where the lead petition was received, as on the dashboard
        **{f"{CASE_UNIT_PATH}__startswith": unit.path},
        kind=Kind.COMPLAINT,
        within_authority=True,
        accepted_on__isnull=False,
    )
    # the dashboard's definitions (DOMAIN §0), so the form and the dashboard give the same figures
    metric = case_metric_filters(start, end)
    settled = metric["settled"]
    lead = "lead_petition__"
    aggregates = {
        "total": Count("pk", filter=metric["must_settle"]),
        "carried": Count("pk", filter=metric["carried_over"]),
        "accepted": Count("pk", filter=metric["accepted"]),
        "settled": Count("pk", filter=settled),
        "by_decision": Count("pk", filter=settled & Q(**{f"{lead}settlement_form": SettlementForm.DECISION})),
        "withdrawn": Count("pk", filter=settled & Q(**{f"{lead}settlement_form": SettlementForm.WITHDRAWN})),
        "right": Count("pk", filter=settled & Q(**{f"{lead}result": "right", f"{lead}round": 1})),
        "partly": Count("pk", filter=settled & Q(**{f"{lead}result": "partly_right", f"{lead}round": 1})),
        "wrong": Count("pk", filter=settled & Q(**{f"{lead}result": "wrong", f"{lead}round": 1})),
        "recovered_money": Sum(f"{lead}recovered_money", filter=settled),
        "recovered_land": Sum(f"{lead}recovered_land_m2", filter=settled),
        "returned_money": Sum(f"{lead}returned_money", filter=settled),
        "returned_land": Sum(f"{lead}returned_land_m2", filter=settled),
        "disciplined": Sum(f"{lead}people_disciplined", filter=settled),
        "on_time": Count("pk", filter=metric["settled_on_time"]),
        "late": Count("pk", filter=settled & Q(settled_on__gt=F("settlement_due"))),
    }
    columns = [
        Column(("Vụ việc thuộc thẩm quyền", "Tổng số"), "total"),
        Column(("Vụ việc thuộc thẩm quyền", "Kỳ trước chuyển sang"), "carried"),
        Column(("Vụ việc thuộc thẩm quyền", "Thụ lý trong kỳ"), "accepted"),
        Column(("Đã giải quyết", "Tổng số"), "settled"),
        Column(("Đã giải quyết", "Bằng quyết định hành chính"), "by_decision"),
        Column(("Đã giải quyết", "Rút đơn thông qua giải thích, thuyết phục"), "withdrawn"),
        Column(("Phân tích kết quả (lần đầu)", "Khiếu nại đúng"), "right"),
        Column(("Phân tích kết quả (lần đầu)", "Khiếu nại sai"), "wrong"),
        Column(("Phân tích kết quả (lần đầu)", "Đúng một phần"), "partly"),
        Column(("Kiến nghị thu hồi cho Nhà nước", "Tiền (triệu đồng)"), "recovered_money"),
        Column(("Kiến nghị thu hồi cho Nhà nước", "Đất (m²)"), "recovered_land"),
        Column(("Trả lại cho tổ chức, cá nhân", "Tiền (triệu đồng)"), "returned_money"),
        Column(("Trả lại cho tổ chức, cá nhân", "Đất (m²)"), "returned_land"),
        Column(("Kiến nghị xử lý hành chính (người)",), "disciplined"),
        Column(("Chấp hành thời hạn giải quyết", "Đúng quy định"), "on_time"),
        Column(("Chấp hành thời hạn giải quyết", "Không đúng quy định"), "late"),
    ]
    rows = _rows(unit, cases, CASE_UNIT_PATH, aggregates)
    return _write(
        "01/KQGQ Tổng hợp kết quả giải quyết khiếu nại thuộc thẩm quyền",
        unit,
        start,
        end,
        columns,
        rows,
        ["1=2+3", "4=5+6", "4=15+16"],
    )


def form_01_tcd(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """01/TCD: regular, periodic and ad-hoc reception; the head's own sessions apart from authorised ones."""
    visits = ReceptionVisit.objects.filter(
        session__unit__path__startswith=unit.path, session__date__gte=start, session__date__lte=end
    ).exclude(session__kind=SessionKind.DIALOGUE)
    regular = Q(session__kind=SessionKind.REGULAR)
    head = Q(session__kind__in=[SessionKind.PERIODIC, SessionKind.ADHOC], session__received_by=ReceivedBy.HEAD)
    authorised = Q(
        session__kind__in=[SessionKind.PERIODIC, SessionKind.ADHOC], session__received_by=ReceivedBy.AUTHORISED
    )
    aggregates = {"visits": Count("pk"), "people": Sum("people_count")}
    for name, part in (("reg", regular), ("head", head), ("auth", authorised)):
        aggregates.update(
            {
                f"{name}_visits": Count("pk", filter=part),
                f"{name}_people": Sum("people_count", filter=part),
                f"{name}_first": Count("pk", filter=part & Q(first_visit=True)),
                f"{name}_repeat": Count("pk", filter=part & Q(first_visit=False)),
                f"{name}_groups": Count("pk", filter=part & Q(is_delegation=True)),
                f"{name}_group_people": Sum("people_count", filter=part & Q(is_delegation=True)),
            }
        )
    aggregates["head_sessions"] = Count("session", filter=head, distinct=True)
    aggregates["auth_sessions"] = Count("session", filter=authorised, distinct=True)
    columns = [Column(("Tổng", "Lượt tiếp"), "visits"), Column(("Tổng", "Người được tiếp"), "people")]
    for name, label in (("reg", "Tiếp thường xuyên"), ("head", "Thủ trưởng tiếp"), ("auth", "Ủy quyền tiếp")):
        top = ("Tiếp định kỳ và đột xuất của Thủ trưởng", label) if name != "reg" else (label,)
        if name != "reg":
            columns.append(Column((*top, "Số kỳ tiếp"), f"{name}_sessions"))
        columns += [
            Column((*top, "Số lượt"), f"{name}_visits"),
            Column((*top, "Số người"), f"{name}_people"),
            Column((*top, "Vụ việc", "Lần đầu"), f"{name}_first"),
            Column((*top, "Vụ việc", "Nhiều lần"), f"{name}_repeat"),
            Column((*top, "Đoàn đông người", "Số đoàn"), f"{name}_groups"),
            Column((*top, "Đoàn đông người", "Số người"), f"{name}_group_people"),
        ]
    rows = _rows(unit, visits, "session__unit__path", aggregates)
    return _write(
        "01/TCD Tổng hợp kết quả tiếp công dân thường xuyên, định kỳ và đột xuất",
        unit,
        start,
        end,
        columns,
        rows,
        ["1=3+10+17", "2=4+11+18"],
    )


def form_xld(
    unit: AdministrativeUnit, start: dt.date, end: dt.date, *, kinds: list[str], code: str, title: str
) -> bytes:
    """01–04/XLD: petition handling. To process = carried over (received before, unprocessed then) + received."""
    petitions = Petition.objects.filter(unit__path__startswith=unit.path, kind__in=kinds, received_on__lte=end)
    carried = Q(received_on__lt=start) & (Q(processed_on__isnull=True) | Q(processed_on__gte=start))
    received = Q(received_on__gte=start)
    to_process = carried | received
    processed = to_process & Q(processed_on__gte=start, processed_on__lte=end)
    qualified = processed & Q(qualified=True)
    aggregates = {
        "to_process": Count("pk", filter=to_process),
        "carried": Count("pk", filter=carried),
        "received": Count("pk", filter=received),
        "processed": Count("pk", filter=processed),
        "qualified_count": Count("pk", filter=qualified),
        "qualified_cases": Count("case", filter=qualified, distinct=True),
        "within": Count("pk", filter=qualified & Q(outcome=Outcome.ACCEPTED)),
        "guided": Count("pk", filter=qualified & Q(outcome=Outcome.GUIDED)),
        "transferred": Count("pk", filter=qualified & Q(outcome=Outcome.TRANSFERRED)),
        "urged": Count("pk", filter=qualified & Q(outcome=Outcome.URGED)),
        "replies": Count("pk", filter=processed & Q(transfer_reply_on__isnull=False)),
    }
    fields = [
        (Field.POLICY, "Chế độ, chính sách"),
        (Field.LAND_HOUSING, "Đất đai, nhà cửa"),
        (Field.OFFICIALS, "Công chức, công vụ"),
        (Field.CORRUPTION, "Tham nhũng"),
        (Field.JUDICIAL, "Tư pháp"),
        (Field.PARTY_MASS_ORG, "Đảng, đoàn thể"),
        (Field.OTHER, "Khác"),
    ]
    for value, _label in fields:
        aggregates[f"field_{value}"] = Count("pk", filter=qualified & Q(field=value))
    columns = [
        Column(("Tổng số đơn", "Tổng"), "to_process"),
        Column(("Tổng số đơn", "Kỳ trước chuyển sang"), "carried"),
        Column(("Tổng số đơn", "Tiếp nhận trong kỳ"), "received"),
        Column(("Đã xử lý",), "processed"),
        Column(("Đơn đủ điều kiện xử lý", "Số đơn"), "qualified_count"),
        Column(("Đơn đủ điều kiện xử lý", "Số vụ việc"), "qualified_cases"),
        *[Column(("Phân loại theo nội dung", label), f"field_{value}") for value, label in fields],
        Column(("Kết quả xử lý", "Thuộc thẩm quyền"), "within"),
        Column(("Kết quả xử lý", "Không thuộc thẩm quyền", "Hướng dẫn"), "guided"),
        Column(("Kết quả xử lý", "Không thuộc thẩm quyền", "Chuyển đơn"), "transferred"),
        Column(("Kết quả xử lý", "Không thuộc thẩm quyền", "Đôn đốc"), "urged"),
        Column(("Văn bản phúc đáp nhận được do chuyển đơn",), "replies"),
    ]
    rows = _rows(unit, petitions, "unit__path", aggregates)
    return _write(f"{code} {title}", unit, start, end, columns, rows, ["1=2+3", "5=7+8+…+13", "5=14+15+16+17"])


def form_02_kqgq(unit: AdministrativeUnit, start: dt.date, end: dt.date) -> bytes:
    """02/KQGQ: enforcement of settlement decisions and conclusions issued up to the end of the period."""
    from petitions.models import EnforcementMeasure, MeasureKind

    measures = EnforcementMeasure.objects.filter(
        petition__unit__path__startswith=unit.path, petition__settled_on__lte=end
    )
    done_by_end = Q(done_on__isnull=True) | Q(done_on__lte=end)
    aggregates = {
        "decisions": Count("petition", distinct=True),
        "measures": Count("pk"),
        "measures_done": Count("pk", filter=Q(done_on__lte=end)),
    }
    for kind in (
        MeasureKind.RECOVER_MONEY,
        MeasureKind.RECOVER_LAND,
        MeasureKind.RETURN_MONEY,
        MeasureKind.RETURN_LAND,
        MeasureKind.DISCIPLINE,
        MeasureKind.INVESTIGATION,
    ):
        aggregates[f"{kind}_ordered"] = Sum("ordered_amount", filter=Q(kind=kind))
        aggregates[f"{kind}_done"] = Sum("done_amount", filter=Q(kind=kind) & done_by_end)
    columns = [
        Column(("Quyết định, kết luận phải thi hành",), "decisions"),
        Column(("Biện pháp", "Tổng số"), "measures"),
        Column(("Biện pháp", "Đã hoàn thành"), "measures_done"),
        Column(("Thu hồi cho Nhà nước", "Tiền (triệu đồng)", "Phải thu"), "recover_money_ordered"),
        Column(("Thu hồi cho Nhà nước", "Tiền (triệu đồng)", "Đã thu"), "recover_money_done"),
        Column(("Thu hồi cho Nhà nước", "Đất (m²)", "Phải thu"), "recover_land_ordered"),
        Column(("Thu hồi cho Nhà nước", "Đất (m²)", "Đã thu"), "recover_land_done"),
        Column(("Trả lại cho tổ chức, cá nhân", "Tiền (triệu đồng)", "Phải trả"), "return_money_ordered"),
        Column(("Trả lại cho tổ chức, cá nhân", "Tiền (triệu đồng)", "Đã trả"), "return_money_done"),
        Column(("Trả lại cho tổ chức, cá nhân", "Đất (m²)", "Phải trả"), "return_land_ordered"),
        Column(("Trả lại cho tổ chức, cá nhân", "Đất (m²)", "Đã trả"), "return_land_done"),
        Column(("Xử lý kỷ luật (người)", "Phải xử lý"), "discipline_ordered"),
        Column(("Xử lý kỷ luật (người)", "Đã xử lý"), "discipline_done"),
        Column(("Chuyển cơ quan điều tra (vụ)", "Phải chuyển"), "investigation_ordered"),
        Column(("Chuyển cơ quan điều tra (vụ)", "Đã chuyển"), "investigation_done"),
    ]
    rows = _rows(unit, measures, "petition__unit__path", aggregates)
    return _write(
        "02/KQGQ Tổng hợp kết quả thi hành quyết định giải quyết khiếu nại, kết luận tố cáo",
        unit,
        start,
        end,
        columns,
        rows,
        ["3 ≤ 2", "5 ≤ 4", "7 ≤ 6"],
    )
