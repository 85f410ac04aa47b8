"""Recording indicator scores (by hand, API or import) and one-stop points."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from portal.models import AdministrativeUnit, Agency, User
from portal.scoping import ensure_in_scope
from portal.services import DomainError, NotPermitted, audit_record, required_text, validated
from reform.choices import OVERALL, PAPI_DIMENSIONS, SIPAS_ELEMENTS, IndicatorKind, OneStopKind
from reform.models import IndicatorValue, OneStopPoint
from reform.scoping import MANAGE_PERMISSION

# The components an indicator may be recorded under (PAR Index areas vary by scheme: free codes).
KNOWN_COMPONENTS = {IndicatorKind.PAPI: PAPI_DIMENSIONS, IndicatorKind.SIPAS: SIPAS_ELEMENTS}


def ensure_records_indicators(actor: User | None, unit: AdministrativeUnit) -> None:
    ensure_in_scope(actor, unit, missing=_("Đơn vị nằm ngoài phạm vi của bạn."))
    if actor is not None and not (actor.is_superuser or actor.has_perm(MANAGE_PERMISSION)):
        raise NotPermitted(_("Chỉ cán bộ cải cách hành chính mới ghi nhận chỉ số."))


def _decimal(value, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation as error:
        raise DomainError(_("%(what)s phải là một số.") % {"what": what}) from error
    if number < 0:
        raise DomainError(_("%(what)s không được âm.") % {"what": what})
    return number


def component_label(kind: str, component: str, given: str = "") -> str:
    return str(KNOWN_COMPONENTS.get(kind, {}).get(component, "")) or given


@transaction.atomic
def indicator_record(
    *,
    actor: User | None,
    unit: AdministrativeUnit,
    year: int,
    kind: str,
    score,
    scheme: str = "",
    component: str = OVERALL,
    label: str = "",
    max_points=None,
    rank: int | None = None,
    source: str = "",
    audit: bool = True,
) -> IndicatorValue:
    """Record (or correct) one score; the same unit, year, indicator, scheme and component is one value."""
    ensure_records_indicators(actor, unit)
    if kind not in IndicatorKind.values:
        raise DomainError(_("Chỉ số không hợp lệ: %(kind)s.") % {"kind": kind})
    component = (component or "").strip()
    known = KNOWN_COMPONENTS.get(kind)
    if component and known is not None and component not in known:
        raise DomainError(
            _("«%(component)s» không phải là một thành phần của %(kind)s (%(known)s).")
            % {"component": component, "kind": IndicatorKind(kind).label, "known": ", ".join(known)}
        )
    score_value = _decimal(score, _("Điểm"))
    if score_value is None:
        raise DomainError(_("Cần nhập điểm."))
    maximum = _decimal(max_points, _("Điểm tối đa"))
    if maximum is not None and score_value > maximum:
        raise DomainError(_("Điểm (%(score)s) vượt điểm tối đa (%(max)s).") % {"score": score_value, "max": maximum})
    value, created = IndicatorValue.objects.get_or_create(
        unit=unit,
        year=year,
        kind=kind,
        scheme=(scheme or "").strip(),
        component=component,
        defaults={"score": score_value},
    )
    before = "" if created else str(value.score)
    value.score, value.max_points, value.rank = score_value, maximum, rank
    value.component_label = component_label(kind, component, (label or "").strip())
    value.source, value.recorded_by = (source or "").strip(), actor
    validated(value)
    value.save()
    if audit:
        audit_record(
            actor=actor,
            verb="reform.indicator_recorded",
            target=value,
            unit=unit,
            before=before,
            after=str(score_value),
            payload={"kind": kind, "year": year, "component": component},
        )
    return value


@transaction.atomic
def onestop_record(
    *,
    actor: User | None,
    unit: AdministrativeUnit,
    kind: str,
    name: str,
    opened_on: dt.date,
    agency: Agency | None = None,
    closed_on: dt.date | None = None,
) -> OneStopPoint:
    """Record a one-stop desk or service centre and since when it serves."""
    ensure_records_indicators(actor, unit)
    if kind not in OneStopKind.values:
        raise DomainError(_("Loại bộ phận một cửa không hợp lệ."))
    if kind == OneStopKind.AGENCY_DESK and agency is None:
        raise DomainError(_("Bộ phận một cửa của cơ quan cần chọn cơ quan."))
    if agency is not None and agency.unit_id != unit.pk:
        raise DomainError(_("Cơ quan phải thuộc đơn vị đã chọn."))
    point = OneStopPoint(
        unit=unit,
        agency=agency,
        kind=kind,
        name=required_text(name, _("Cần nhập tên bộ phận một cửa.")),
        opened_on=opened_on,
        closed_on=closed_on,
    )
    validated(point)
    point.save()
    audit_record(actor=actor, verb="reform.onestop_recorded", target=point, unit=unit, payload={"kind": kind})
    return point
