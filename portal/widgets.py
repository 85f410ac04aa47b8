from django import forms


class SearchableSelect(forms.Select):
    """A select with a search box above it: typing fetches matching options from `search_url` (htmx).

    Without JavaScript the select still works with the options it was rendered with.
    """

    template_name = "widgets/searchable_select.html"

    def __init__(self, search_url: str, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context
