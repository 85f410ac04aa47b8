"""What every app's pages share when they act for an official."""

from django.contrib import messages
from django.http import Http404

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
