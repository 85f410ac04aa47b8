"""What every app's pages share when they act for an official."""

from django.contrib import messages
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from portal.services import DomainError, NotFound, NotPermitted


def call_service(request, service, /, **kwargs):
    """Run a service for the official; its refusal becomes an error message (and None), a row out of reach a 404."""
    try:
        return service(actor=request.user, **kwargs)
    except NotFound as error:
        raise Http404 from error
    except (DomainError, NotPermitted) as error:
        messages.error(request, str(error))
        return None


def safe_next(request, default: str) -> str:
    """Where to go back after a posted form: its `next`, if it is a path of this site ("//x" and "/\\x" lead
    elsewhere); else `default`."""
    target = request.POST.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
