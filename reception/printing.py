"""The reception session on paper: the minutes (biên bản) for the reception register, printed on A4.

The session comes through the scoped selector (a foreign one is a 404), and each visit's citizens are
named only where `visit_identity_visible` allows: the same rows (`session_visit_rows`) as on the session's page.
"""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from portal.access import scoped
from reception import selectors


@scoped
@permission_required("reception.view_receptionsession", raise_exception=True)
@require_safe
def print_minutes(request, pk: int):
    """Biên bản buổi tiếp: date, agency, receiver, and each visit's citizens, content and result."""
    session = selectors.session_detail(request.user, pk)
    rows = selectors.session_visit_rows(request.user, session)
    return render(
        request,
        "reception/print_minutes.html",
        {"session": session, "rows": rows, "printed_on": timezone.localdate()},
    )
