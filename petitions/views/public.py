"""The citizen's petition look-up (no sign-in) and the official's "new look-up code" action.

Every answer of the look-up page carries `Cache-Control: no-store` (it is a person's case), no referrer (the
address holds the code) and `noindex`. An unknown number and a wrong code render the same page, with the form
emptied so that not even the number typed is echoed back.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from petitions.lookup import lookup_logged, lookup_wait, petition_found, public_status
from petitions.services import petition_lookup_code_renew
from portal.access import public, scoped
from portal.pages import call_service
from portal.throttling import client_address

PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _answer(request, context: dict, status: int = 200):
    # Switching the language comes back to the empty form: the address with the code is not repeated.
    context = {**context, "language_next": request.path}
    response = render(request, "petitions/public/lookup.html", context, status=status)
    for header, value in PRIVATE_HEADERS.items():
        response[header] = value
    return response


@public("a citizen follows a petition's stage with the receipt's register number and look-up code (no names)")
@require_safe
def petition_lookup(request):
    number, code = request.GET.get("so", "").strip(), request.GET.get("ma", "").strip()
    if not (number or code):
        return _answer(request, {"asked": False})
    address = client_address(request)
    wait = lookup_wait(address, number)
    if wait is not None:
        response = _answer(request, {"asked": False, "limited": True}, status=429)
        response["Retry-After"] = str(wait)
        return response
    petition = petition_found(number, code)
    lookup_logged(address, petition, channel="page")
    if petition is None:
        return _answer(request, {"asked": True, "status": None})
    return _answer(request, {"asked": True, "status": public_status(petition), "number": number})


@scoped
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def lookup_code_renew(request, pk: int):
    """A new look-up code for a petition (the old one stops working); then print the receipt again."""
    result = call_service(request, petition_lookup_code_renew, petition_id=pk)
    if result is not None:
        messages.success(request, _("Đã cấp mã tra cứu mới; mã cũ không còn dùng được. Hãy in lại giấy biên nhận."))
    return redirect("petitions:detail", pk=pk)
