"""Who may open each route, declared on the view itself, so that a new view cannot forget the scope.

Every URL route is one of four kinds:

- `scoped`: the view reads rows that belong to the unit tree. It needs a signed-in official and
  gets its rows through `visible_to(user)` or `get_visible_or_404` (directly or in a selector).
- `reference`: reference data every signed-in official may read (units, agencies, the API index).
- `own`: rows that belong to the signed-in user (profile, notifications, saved filters, own jobs).
- `public`: open without signing in, with the reason written down (sign-in page, health check,
  the published reception schedule).

Function views take a decorator (`@scoped`, `@reference_data`, `@own_rows`, `@public(reason)`),
which also applies `login_required` (or `login_not_required`), so the declaration and the
behaviour cannot diverge. API views set the class attribute `access`; a scoped viewset inherits
`ScopedViewSetMixin`, whose `get_queryset()` applies `visible_to` itself.
tests/portal/test_route_access.py walks every route and fails on one that declares nothing.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ImproperlyConfigured

SCOPED = "scoped"
REFERENCE = "reference"
OWN = "own"
PUBLIC = "public"
ACCESS_KINDS = (SCOPED, REFERENCE, OWN, PUBLIC)


def _declare(view, access: str, reason: str = ""):
    view.access = access
    view.access_reason = reason
    return view


def scoped(view):
    """The view reads unit-scoped rows: signed-in officials only, rows through `visible_to`."""
    return _declare(login_required(view), SCOPED)


def reference_data(view):
    """The view reads reference data every signed-in official may read (units, agencies)."""
    return _declare(login_required(view), REFERENCE)


def own_rows(view):
    """The view reads rows owned by the signed-in user (profile, notifications, saved filters)."""
    return _declare(login_required(view), OWN)


def public(reason: str, *, limited: bool = True, shared_cache: bool = False):
    """The view is open without signing in; `reason` says why, for the reviewer of the next change.

    Anonymous requests are counted per address (PUBLIC_REQUESTS_PER_MINUTE) and answered 429 past it;
    `limited=False` only for what machines poll (the health check). With `shared_cache`, a visitor's copy may
    be kept by browsers and proxies for PUBLIC_CACHE_SECONDS; a signed-in official's copy (with their menu)
    stays theirs."""
    if not isinstance(reason, str) or not reason.strip():
        raise TypeError('@public needs a reason, e.g. @public("the sign-in page")')

    def decorate(view):
        if shared_cache:
            view = _shared_cache(view)
        if limited:
            view = _rate_limited(view)
        return _declare(login_not_required(view), PUBLIC, reason)

    return decorate


def _shared_cache(view):
    @wraps(view)
    def cached(request, *args, **kwargs):
        from django.conf import settings
        from django.utils.cache import patch_cache_control

        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=0)
        elif response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response

    return cached


def _rate_limited(view):
    @wraps(view)
    def counted(request, *args, **kwargs):
        # Here, not at the top: this module is imported before the apps (and DRF) are ready.
        from portal.throttling import public_page_wait
        from portal.views import too_many_requests

        wait = public_page_wait(request)
        if wait is not None:
            return too_many_requests(request, wait)
        return view(request, *args, **kwargs)

    return counted


def declared_access(view) -> tuple[str | None, str]:
    """The access a URL callback declares, and its reason: on the function or on its view class."""
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)  # DRF, then Django
    for holder in (view, view_class):
        if getattr(holder, "access", None):
            return holder.access, getattr(holder, "access_reason", "")
    return None, ""


class ScopedViewSetMixin:
    """A DRF view whose rows always go through `visible_to(request.user)`.

    Declare `queryset` (its model's manager must be a `ScopedQuerySet`), or override
    `scoped_queryset()` for what depends on the request (annotations of today's date, prefetches);
    `get_queryset()` then scopes the result. A subclass may not override `get_queryset()`, and the
    mixin must come before DRF's generic views, so the scope cannot be lost by accident.
    """

    access = SCOPED

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.get_queryset is not ScopedViewSetMixin.get_queryset:
            raise ImproperlyConfigured(
                f"{cls.__qualname__} replaces ScopedViewSetMixin.get_queryset(): override scoped_queryset() "
                "instead, and list ScopedViewSetMixin before DRF's generic view classes."
            )

    def scoped_queryset(self):
        """The rows before scoping; by default the declared `queryset`."""
        return super().get_queryset()

    def get_queryset(self):
        return self.scoped_queryset().visible_to(self.request.user)
