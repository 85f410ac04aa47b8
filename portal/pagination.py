"""Helpers shared by the HTML list pages."""


def querystring_without_page(request) -> str:
    """The list's current filters, to carry into pagination links and saved filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
