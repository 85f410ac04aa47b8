"""What the registry's forms share: the date widget, points bounds, long text and choice fields."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.limits import LONG_TEXT_MAX_LENGTH, LimitedCharField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
POINTS = {"max_digits": 6, "decimal_places": 2, "min_value": Decimal("0")}


def _text(label, *, required: bool = False, rows: int = 3, help_text: str = "") -> LimitedCharField:
    return LimitedCharField(
        label=label,
        max_length=LONG_TEXT_MAX_LENGTH,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


CHOOSE = _("— Chọn —")


def _choices(choices, empty=CHOOSE):
    return [("", empty), *choices]
