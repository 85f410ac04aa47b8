"""Forms of the petition lists: saving the current filters under a name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.limits import LimitedCharField


class SavedFilterForm(forms.Form):
    name = LimitedCharField(label=_("Tên bộ lọc"), max_length=80)
    querystring = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)
