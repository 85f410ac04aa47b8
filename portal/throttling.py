"""Slowing down password guessing and API floods, with the cache (locmem in development, Redis in production).

Login: after LOGIN_FAILURES_PER_ACCOUNT failed attempts for one username, or LOGIN_FAILURES_PER_ADDRESS
from one address, within LOGIN_FAILURE_WINDOW seconds, every attempt is refused for that many
seconds, even with the right password. A success resets the account's counter; each lockout is
written to the audit trail (username and address, never the password). Counting happens whether
or not the username exists, so a lockout tells nobody which accounts are real.

API: DRF's anonymous and per-user rate throttles, with rates read at request time (so settings
can change them) and the client address taken the same way as for logins.

Without REDIS_URL the cache is per process: with several gunicorn workers each keeps its own
counts, so the limits are only exact with Redis (as in production).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import throttling
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings

LOCKED_VERB = "auth.login_locked"


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the address our own proxy appended to X-Forwarded-For.

    X-Forwarded-For is trusted only with TRUST_X_FORWARDED_FOR (one reverse proxy in front that
    appends the address it saw); anything further left in that header was written by the client.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return remote


# --- Login --------------------------------------------------------------------------------------


def _account_key(username: str) -> str:
    digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
    return f"login-fail:account:{digest}"


def _address_key(address: str) -> str:
    return f"login-fail:address:{address}"


def _keys(username: str, address: str) -> list[tuple[str, str, int]]:
    keys = [("address", _address_key(address), settings.LOGIN_FAILURES_PER_ADDRESS)]
    if username.strip():
        keys.insert(0, ("account", _account_key(username), settings.LOGIN_FAILURES_PER_ACCOUNT))
    return keys


def login_locked_until(*, username: str, address: str) -> dt.datetime | None:
    """When the account or the address may try again, if either is locked now."""
    locks = cache.get_many([f"{key}:locked" for _scope, key, _limit in _keys(username, address)])
    if not locks:
        return None
    until = dt.datetime.fromtimestamp(max(locks.values()), tz=dt.UTC)
    return until if until > timezone.now() else None


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)  # the window starts at the first failure
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def login_failed(*, username: str, address: str) -> dt.datetime | None:
    """Count a failed attempt; lock (and audit) an account or address that reaches its limit."""
    window = settings.LOGIN_FAILURE_WINDOW
    until = None
    for scope, key, limit in _keys(username, address):
        failures = _count(key, window)
        if failures < limit:
            continue
        until = timezone.now() + dt.timedelta(seconds=window)
        cache.set(f"{key}:locked", until.timestamp(), timeout=window)
        cache.delete(key)
        _audit_lockout(username=username, address=address, scope=scope, failures=failures, until=until)
    return until


def login_succeeded(*, username: str) -> None:
    cache.delete(_account_key(username))


def _audit_lockout(*, username: str, address: str, scope: str, failures: int, until: dt.datetime) -> None:
    from portal.models import User
    from portal.services import audit_record

    # Filed under the official's unit (if the username is real) so their administrators see it.
    official = User.objects.filter(username__iexact=username.strip()).select_related("agency__unit").first()
    audit_record(
        actor=None,
        verb=LOCKED_VERB,
        unit=official.scope_unit if official else None,
        payload={
            "username": username.strip()[:150],
            "ip_address": address,
            "scope": scope,
            "failures": failures,
            "locked_until": until.isoformat(),
        },
    )


def locked_message(until: dt.datetime) -> str:
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return gettext("Đăng nhập sai quá nhiều lần. Hãy thử lại sau %(minutes)s phút (lúc %(time)s).") % {
        "minutes": minutes,
        "time": timezone.localtime(until).strftime("%H:%M"),
    }


class ThrottledLoginMixin:
    """For Django's AuthenticationForm and its admin variant: refuse while locked, count failures."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        until = login_locked_until(username=username, address=address)
        if until:
            raise forms.ValidationError(locked_message(until), code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            # Only a wrong password counts; a right one refused for another reason (inactive, not staff) doesn't.
            if self.get_user() is None:
                until = login_failed(username=username, address=address)
                if until:
                    raise forms.ValidationError(locked_message(until), code="locked") from None
            raise
        if self.get_user() is not None:
            login_succeeded(username=username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


# --- API ----------------------------------------------------------------------------------------


class _LiveRates:
    def get_rate(self):
        # DRF reads its rates once, at import; read them now so settings (and tests) can change them.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # DRF's own reading trusts any X-Forwarded-For unless NUM_PROXIES is set: use ours.
        return client_address(request)


class AnonRateThrottle(_LiveRates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_LiveRates, throttling.UserRateThrottle):
    pass


def api_exception_handler(exc, context):
    """DRF's handler, with the 429 answer in Vietnamese (Retry-After is set by DRF)."""
    from rest_framework.views import exception_handler  # not at import: APIView reads this module's throttles

    response = exception_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:
        seconds = max(1, math.ceil(exc.wait or 1))
        response.data = {
            "detail": gettext("Bạn gửi quá nhiều yêu cầu. Hãy thử lại sau %(seconds)s giây.") % {"seconds": seconds}
        }
    return response


# --- Public pages ------------------------------------------------------------------------------------------


def address_bucket(address: str) -> str:
    """The address a public limit counts: an IPv6 client holds a whole /64, so its /64 counts as one address."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def counted(key: str, window: int) -> tuple[int, int]:
    """Count one more within a fixed window that starts at the first; (the count, seconds until it ends)."""
    now = int(time.time())
    if cache.add(key, 0, timeout=window):
        cache.set(f"{key}:until", now + window, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        cache.set(f"{key}:until", now + window, timeout=window)
        count = 1
    return count, max(1, (cache.get(f"{key}:until") or now + window) - now)


def public_page_wait(request) -> int | None:
    """Count one anonymous request to a public page; None when it may go on, else the seconds to wait.

    PUBLIC_REQUESTS_PER_MINUTE per address, so that pages anyone may open are never the easiest way to load the
    database. Signed-in officials are not counted (their own pages are behind the sign-in)."""
    if request.user.is_authenticated or settings.PUBLIC_REQUESTS_PER_MINUTE <= 0:
        return None
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address_bucket(client_address(request))}".encode()).hexdigest()
    count, wait = counted(f"public-page:{digest[:32]}", 60)
    return wait if count > settings.PUBLIC_REQUESTS_PER_MINUTE else None
