"""Pieces every petition form shares: the date widget, optimistic locking, and the agency picker's choices."""

from django import forms
from django.utils import timezone

from portal.models import Agency
from portal.widgets import AgencyPicker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version the official saw, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def _past_date(label):
    return forms.DateField(label=label, widget=DATE, initial=timezone.localdate)


def offer_local_agencies(form: forms.Form, unit) -> None:
    """Render only the agencies of the petition's province (any agency can still be searched and chosen)."""
    province_path = "/".join(unit.path.split("/")[:2]) + "/"
    local = Agency.objects.filter(is_active=True, unit__path__startswith=province_path).select_related("unit")
    for field in form.fields.values():
        if isinstance(field.widget, AgencyPicker):
            field.widget.choices = [("", "---------")] + [(a.pk, f"{a.name} ({a.unit.name})") for a in local]
