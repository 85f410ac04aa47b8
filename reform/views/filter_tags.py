"""The filters a list's URL sets with no control on its form (a dashboard's drill-down sets them): shown as tags
above the list, each naming what it keeps and linking to the same list without it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.models import AdministrativeUnit

# Hidden filters whose FilterSet label is missing or written for the API, in the words of the list's page.
LABELS = {
    "plan_unit": _("Kế hoạch của đơn vị (không gồm cấp dưới)"),
    "year_from": _("Kế hoạch từ năm"),
    "year_to": _("Kế hoạch đến năm"),
    "top": _("Chỉ nhiệm vụ của kế hoạch"),
}
# Hidden filters that carry a unit's id as a plain number.
UNIT_IDS = frozenset({"plan_unit"})


def hidden_filter_tags(filterset, request) -> list[dict]:
    """One tag per filter of the URL the form carries unseen: its label, its value as a reader says it, and
    the list's URL without that filter (and back on the first page)."""
    form = filterset.form
    cleaned = getattr(form, "cleaned_data", {}) if filterset.is_bound else {}
    tags = []
    for name, field in form.fields.items():
        raw = request.GET.get(name, "").strip()
        if not raw or not field.widget.is_hidden:
            continue
        value = cleaned.get(name) if name not in form.errors else None
        remaining = request.GET.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        query = remaining.urlencode()
        tags.append(
            {
                "name": name,
                "label": LABELS.get(name) or field.label or name,
                "value": _shown(name, field, value, raw),
                "remove": f"{request.path}?{query}" if query else request.path,
            }
        )
    return tags


def _shown(name: str, field: forms.Field, value, raw: str) -> str:
    if value is None or value == "":
        return raw  # a value the filter refused: shown as typed, so it can be taken off
    if name in UNIT_IDS:
        unit = AdministrativeUnit.objects.filter(pk=value).first()
        return str(unit) if unit is not None else raw
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, dt.date):
        return date_format(value, "d/m/Y")
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str(dict(choices).get(value, raw))
    return str(value)
