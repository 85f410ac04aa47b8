"""What the registry's pages share: who may open them, and how a refused service call is told."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from portal.pages import call_service  # noqa: F401 - the pages of this app import it from here

PAGE_SIZE = 25
VIEW_MODELS = "models_registry.view_mobilizationmodel"


SCORE_MODELS = "models_registry.score_models"


def has_council_seat(user) -> bool:
    """Whether the official sits on a round's council: `council_set` gives the seat's permission, so asking
    costs no query beyond the permissions every page reads."""
    return getattr(user, "is_authenticated", False) and user.has_perm(SCORE_MODELS)


def may_open_registry(user) -> bool:
    """The registry's pages are for those who may read models, and for council members of any role."""
    return user.has_perm(VIEW_MODELS) or has_council_seat(user)


def document_form(office: bool, **kwargs):
    """The upload form; only the movement's office chooses what the public showcase shows."""
    from models_registry.forms import DocumentForm

    form = DocumentForm(**kwargs)
    if not office:
        del form.fields["for_publication"]
    return form


def registry_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_open_registry(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
