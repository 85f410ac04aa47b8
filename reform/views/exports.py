"""The task list's "Xuất Excel" button: hands the list's filters to the reports app's export of listed records.

The file is built by the reports app as a logged job with progress, like the petition and reception lists:
`reform.exports.task_list` is the builder the "reform" family declares (reform/family.py). Reform may not import
the reports app's services (tests/portal/test_import_direction.py), so this view checks the official's right to
read tasks and passes the same POST on, by URL name, to the reports app's generic list export, which queues the
job (audited there as `export.requested`) and opens its status page.
"""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.access import scoped
from reform.exports import TASK_LIST_EXPORT, VIEW_PERMISSION


class TemporaryRedirect(HttpResponseRedirect):
    """307: the browser posts the same form (the query string and the CSRF token) to the new address."""

    status_code = 307


@scoped
@permission_required(VIEW_PERMISSION, raise_exception=True)
@require_POST
def task_export(request):
    """POST `querystring` (the task list's filters) and `kind` (this list's export): queue the Excel export."""
    if request.POST.get("kind") != TASK_LIST_EXPORT:
        raise Http404
    return TemporaryRedirect(reverse("reports:export-list"))
