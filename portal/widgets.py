from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class SearchableSelect(forms.Select):
    """A select with a search box above it: typing fetches matching options from `search_url` (htmx).

    Without JavaScript the select still works with the options it was rendered with. `empty_label`
    names what is picked ("— Chọn cơ quan —"): each picker says it, since Django's own has no translation.
    """

    template_name = "widgets/searchable_select.html"

    def __init__(self, search_url: str, *, empty_label: str, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.search_url = search_url
        self.empty_label = empty_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        context["widget"]["empty_label"] = self.empty_label
        return context


class AgencyPicker(SearchableSelect):
    """The picker of an agency, searching every active one."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(
            reverse_lazy("agency-options"), empty_label=_("— Chọn cơ quan —"), attrs=attrs, choices=choices
        )
