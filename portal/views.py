"""HTML pages of the organisation app: home per role, units, agencies, officials, audit log."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from portal import registry
from portal.access import own_rows, public, reference_data, scoped
from portal.choices import Role
from portal.filtersets import AgencyFilterSet, OfficialFilterSet, UnitFilterSet
from portal.limits import LONG_TEXT_MAX_LENGTH
from portal.models import AdministrativeUnit, Agency, AuditEvent, Notification, WorkerHeartbeat
from portal.pagination import querystring_without_page
from portal.scoping import get_visible_or_404
from portal.selectors import officials_for_list, scope_summary
from portal.throttling import ThrottledAuthenticationForm

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


HOME_NOTIFICATIONS = 5


@scoped
def home(request):
    """Each official's work first (the apps' panels, recent notifications); the scope's counts for administrators."""
    user = request.user
    roles = user.roles
    administers = user.is_superuser or Role.ADMINISTRATOR in roles
    return render(
        request,
        "portal/home.html",
        {
            "scope_unit": user.scope_unit,
            "summary": scope_summary(user) if administers else None,
            "administers": administers,
            "roles": roles,
            "is_superuser": user.is_superuser,
            "Role": Role,
            # e.g. today's reception sessions, the head's reception duty, the proposals waiting for approval
            "home_panels": registry.home_panels(user),
            "notifications": list(Notification.objects.filter(recipient=user)[:HOME_NOTIFICATIONS]),
        },
    )


@reference_data
def unit_list(request):
    filterset = UnitFilterSet(request.GET or None, queryset=AdministrativeUnit.objects.select_related("parent"))
    queryset = filterset.qs if filterset.is_bound else AdministrativeUnit.objects.filter(parent=None)
    return render(
        request,
        "portal/unit_list.html",
        {
            "filterset": filterset,
            "page": _page(request, queryset.order_by("generation", "path")),
            "querystring": querystring_without_page(request),
        },
    )


@reference_data
def unit_detail(request, pk: int):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk)
    return render(
        request,
        "portal/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": _page(request, unit.children.order_by("code")),
            "agencies": Agency.objects.filter(unit=unit).order_by("kind", "name"),
            "successors": unit.succession_links_out.select_related("successor__parent"),
            "predecessors": unit.succession_links_in.select_related("predecessor__parent"),
        },
    )


@reference_data
def agency_list(request):
    filterset = AgencyFilterSet(request.GET or None, queryset=Agency.objects.select_related("unit"))
    return render(
        request,
        "portal/agency_list.html",
        {
            "filterset": filterset,
            "page": _page(request, filterset.qs),
            "querystring": querystring_without_page(request),
        },
    )


@reference_data
def agency_detail(request, pk: int):
    agency = get_object_or_404(Agency.objects.select_related("unit", "parent"), pk=pk)
    # The agency itself is reference data; its staff are shown only inside the viewer's scope.
    officials = officials_for_list(request.user).filter(agency=agency)
    return render(request, "portal/agency_detail.html", {"agency": agency, "officials": officials})


@scoped
@permission_required("portal.view_user", raise_exception=True)
def official_list(request):
    filterset = OfficialFilterSet(request.GET or None, queryset=officials_for_list(request.user))
    return render(
        request,
        "portal/official_list.html",
        {
            "filterset": filterset,
            "page": _page(request, filterset.qs.distinct()),
            "querystring": querystring_without_page(request),
            "Role": Role,
        },
    )


@scoped
@permission_required("portal.view_user", raise_exception=True)
def official_detail(request, pk: int):
    from portal.models import User

    official = get_visible_or_404(User.objects.select_related("agency__unit"), request.user, pk=pk)
    return render(request, "portal/official_detail.html", {"official": official})


@scoped
@permission_required("portal.view_auditevent", raise_exception=True)
def audit_list(request):
    """The trail for inspectors and administrators: filters by what, who, where and when; the rows name records
    by their number, never a citizen (the services write no identity into it, tests/portal/test_audit_viewer.py)."""
    from portal.filtersets import AuditEventFilterSet

    events = AuditEvent.objects.visible_to(request.user).select_related("actor", "unit")
    filterset = AuditEventFilterSet(request.GET or None, queryset=events, request=request)
    found = filterset.qs if not filterset.is_bound or filterset.is_valid() else events.none()  # a wrong date: nothing
    return render(
        request,
        "portal/audit_list.html",
        {
            "filterset": filterset,
            "page": _page(request, found),
            "querystring": querystring_without_page(request),
        },
    )


@own_rows
def profile(request):
    return render(request, "portal/profile.html", {"official": request.user})


@public("switching the interface language, on the public pages and the sign-in page too")
@csrf_exempt
@require_POST
def language_switch(request):
    """Django's set_language without the CSRF check: a forged switch only changes the language a page is read in,
    and without a token the public pages set no cookie of their own, so that shared caches can keep them."""
    return set_language(request)


@public("liveness for load balancers: only whether the database and the worker answer", limited=False)
@never_cache
def health(request):
    """Liveness for load balancers and operators: database reachable, last worker heartbeat."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    heartbeat = WorkerHeartbeat.objects.filter(name="celery").first()
    return JsonResponse(
        {
            "status": "ok",
            "database": connection.vendor,
            "time": timezone.now().isoformat(),
            "worker_seen_at": heartbeat.seen_at.isoformat() if heartbeat else None,
        }
    )


@public("liveness for process managers: this process answers, nothing else is asked", limited=False)
@never_cache
def healthz(request):
    """Liveness: the process serves requests. Whether what it needs answers is /readyz."""
    return JsonResponse({"status": "ok", "time": timezone.now().isoformat()})


@public("readiness for load balancers and operators: which dependencies answer, no record is shown", limited=False)
@never_cache
def readyz(request):
    """Readiness: the database and the broker answer (503 otherwise); the worker's last heartbeat and the apps'
    own checks (the reports' last snapshot check and nightly job) are reported beside, for operators."""
    checks = {"database": _database_ready(), "broker": _broker_ready(), "worker": _worker_seen()}
    checks.update(registry.readiness())
    ready = checks["database"]["ok"] and checks["broker"]["ok"]
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)


def _database_ready() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return {"ok": False, "vendor": connection.vendor, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _broker_ready() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        return {"ok": True, "mode": "in-process"}
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return {"ok": False, "mode": "redis", "error": type(error).__name__}
    return {"ok": True, "mode": "redis"}


WORKER_SILENT_AFTER = dt.timedelta(minutes=15)  # three missed heartbeats (CELERY_BEAT_SCHEDULE: every 5 minutes)


def _worker_seen() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "in-process"}
    try:
        heartbeat = WorkerHeartbeat.objects.filter(name="celery").first()
    except DatabaseError:
        return {"ok": False, "seen_at": None}
    seen_at = heartbeat.seen_at if heartbeat else None
    return {
        "ok": seen_at is not None and timezone.now() - seen_at <= WORKER_SILENT_AFTER,
        "seen_at": seen_at.isoformat() if seen_at else None,
    }


@own_rows
def notification_list(request):
    """The official's inbox; opening it marks everything shown as read."""
    notifications = Notification.objects.filter(recipient=request.user)
    page = _page(request, notifications)
    unread_ids = [n.pk for n in page if n.read_at is None]
    if unread_ids:
        Notification.objects.filter(pk__in=unread_ids).update(read_at=timezone.now())
    return render(
        request, "portal/notification_list.html", {"page": page, "unread_ids": set(unread_ids), "querystring": ""}
    )


@reference_data
def agency_options(request):
    """htmx: <option>s of agencies matching the typed text, anywhere in the country (transfer targets)."""
    text = request.GET.get(f"{request.GET.get('field', '')}__search", "") or request.GET.get("q", "")
    agencies = Agency.objects.filter(is_active=True).select_related("unit")
    agencies = agencies.search(text)[:30] if text.strip() else agencies.none()
    return render(request, "portal/_agency_options.html", {"agencies": agencies, "text": text})


# --- Login ------------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login page, with failed attempts throttled per account and per address."""

    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


# --- Error pages ------------------------------------------------------------------------------
# Rendered without the request on purpose: no context processor runs, so an error page needs no
# session, no logged-in user and no database query (the database may be what failed).

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def _back_url(request) -> str:
    """The page the user came from, when it is one of ours; otherwise none (home is always offered)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure()):
        return referer
    return ""


# The same words as the pages' headings, for API clients (which get JSON, like DRF's own errors).
ERROR_DETAILS = {
    400: _("Yêu cầu không hợp lệ"),
    403: _("Bạn không có quyền mở trang này"),
    404: _("Không tìm thấy trang"),
    413: _("Nội dung gửi lên quá lớn"),
    429: _("Quá nhiều yêu cầu"),
    500: _("Hệ thống gặp sự cố"),
}


def _error_page(request, template: str, status: int, **context) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(ERROR_DETAILS[status])}, status=status)
    context.setdefault("back_url", _back_url(request))
    response = HttpResponse(loader.render_to_string(template, context), status=status)
    response.portal_error_page = True  # PortalNotFoundPageMiddleware leaves it alone
    return response


def bad_request(request, exception=None):
    """400, or 413 for a form too large to read (Django raises those as SuspiciousOperation)."""
    if isinstance(exception, TOO_LARGE):
        return _error_page(
            request,
            "413.html",
            413,
            limit_mb=settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024),
            long_text_max=LONG_TEXT_MAX_LENGTH,
        )
    return _error_page(request, "400.html", 400)


def too_many_requests(request, wait: int) -> HttpResponse:
    """A public page asked too often from one address (portal.throttling.public_page_wait)."""
    response = _error_page(request, "429.html", 429, wait=wait)
    response["Retry-After"] = str(wait)
    return response


def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


def server_error(request):
    return _error_page(request, "500.html", 500)
