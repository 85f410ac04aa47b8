"""The alerts pages: the official's follows with each condition's state, following a unit, changing and ending it.

Views are thin: the selectors read, the services decide (permission, scope, duplicates) and audit.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alerts import services
from alerts.forms import FollowForm
from alerts.selectors import follow_for, follow_rows, follows_of, may_follow
from portal.access import scoped
from portal.models import AdministrativeUnit
from portal.pages import call_service
from portal.pagination import querystring_without_page
from portal.scoping import unit_in_scope
from portal.services import NotFound

PAGE_SIZE = 20


def follow_required(view):
    """The alerts pages are for officials who may follow units (alerts.add_follow); rows come from scoping."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_follow(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _follow_or_404(request, unit_id: int):
    try:
        return follow_for(request.user, unit_id)
    except NotFound as error:
        raise Http404 from error


@scoped
@follow_required
def follow_list(request):
    page = Paginator(follows_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/follow_list.html",
        {"page": page, "rows": follow_rows(page), "querystring": querystring_without_page(request)},
    )


@scoped
@follow_required
def follow_create(request):
    user = request.user
    followed = set(follows_of(user).values_list("unit_id", flat=True))
    initial = {}
    asked = request.GET.get("unit", "")
    if asked.isdigit():  # "Theo dõi đơn vị này" from a unit's dashboard
        if int(asked) in followed:
            return redirect("alerts:update", unit_id=int(asked))
        unit = AdministrativeUnit.objects.filter(pk=int(asked)).first()
        if unit is not None and unit_in_scope(user, unit):
            initial["unit"] = unit.pk
    form = FollowForm(request.POST or None, user=user, followed_unit_ids=followed, initial=initial)
    if request.method == "POST" and form.is_valid():
        follow = call_service(
            request,
            services.follow_unit,
            unit=form.cleaned_data["unit"],
            conditions=form.conditions,
            weekly_digest=form.cleaned_data["weekly_digest"],
        )
        if follow is not None:
            messages.success(request, _("Đã theo dõi %(unit)s.") % {"unit": follow.unit.name})
            return redirect("alerts:list")
    return render(request, "alerts/follow_form.html", {"form": form, "follow": None})


@scoped
@follow_required
def follow_update(request, unit_id: int):
    follow = _follow_or_404(request, unit_id)
    form = FollowForm(request.POST or None, user=request.user, follow=follow)
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            request,
            services.set_conditions,
            follow=follow,
            conditions=form.conditions,
            weekly_digest=form.cleaned_data["weekly_digest"],
        )
        if changed is not None:
            messages.success(request, _("Đã lưu điều kiện cảnh báo của %(unit)s.") % {"unit": follow.unit.name})
            return redirect("alerts:list")
    return render(request, "alerts/follow_form.html", {"form": form, "follow": follow})


@scoped
@require_POST
@follow_required
def follow_delete(request, unit_id: int):
    follow = _follow_or_404(request, unit_id)
    call_service(request, services.unfollow, follow=follow)
    messages.success(request, _("Đã thôi theo dõi %(unit)s.") % {"unit": follow.unit.name})
    return redirect("alerts:list")
