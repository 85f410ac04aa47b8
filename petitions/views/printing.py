"""Paper where officials use paper: the petitioner's receipt and the acceptance notice, printed on A4.

Both pages read the petition through the scoped selector (a foreign one is a 404) and show a denouncer's
name exactly as the detail page does: behind the pseudonym unless the reader may see it and asked to.
"""

from django.contrib.auth.decorators import permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from petitions import selectors
from petitions.lookup import lookup_url, qr_svg
from petitions.models import Petition
from portal.access import scoped


def _paper(request, petition: Petition) -> dict:
    """What both papers show: the petition, who sent it (or the pseudonym), and the day it is printed."""
    show_identity = request.GET.get("show") == "identity" or not petition.is_confidential
    return {
        "petition": petition,
        "petitioners": selectors.petitioners_shown(request.user, petition) if show_identity else None,
        "show_identity": show_identity,
        "printed_on": timezone.localdate(),
    }


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
@require_safe
def print_receipt(request, pk: int):
    """Giấy biên nhận đơn: handed to the petitioner at the desk, with the day the answer is due."""
    petition = selectors.petition_for(request.user, pk)
    url = lookup_url(request, petition)
    # The SVG is geometry drawn by qrcode: no text of the petition ends up in its markup.
    context = {
        **_paper(request, petition),
        "lookup_url": url,
        "lookup_page": url.split("?")[0],
        "lookup_qr": mark_safe(qr_svg(url)),
    }
    return render(request, "petitions/print_receipt.html", context)


@scoped
@permission_required("petitions.view_petition", raise_exception=True)
@require_safe
def print_acceptance(request, pk: int):
    """Thông báo thụ lý: only for a petition the agency has accepted for settlement."""
    petition = selectors.petition_for(request.user, pk)
    if petition.accepted_on is None:
        raise Http404
    return render(request, "petitions/print_acceptance.html", _paper(request, petition))
