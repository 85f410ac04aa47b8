"""The support pages: assignments and their plans, the activity log an agency fills in on a phone, and the
commune's confirmation. Views stay thin: every change is a service call (support.services)."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import scoped
from portal.filtersets import offer_scope_units
from portal.models import AdministrativeUnit, Agency
from portal.pages import call_service, safe_next
from portal.pagination import querystring_without_page
from portal.scoping import get_visible_or_404, unit_in_scope
from support import services
from support.choices import EDITABLE_STATUSES, ActivityStatus
from support.filtersets import ActivityFilterSet, AgencyCoverageFilterSet, AssignmentFilterSet, CoverageFilterSet
from support.forms import ActivityForm, AssignmentForm, EndForm, PlanItemForm, ReassignForm, ReturnForm
from support.models import Activity, ActivityFile, Assignment
from support.scoping import (
    MANAGE_PERMISSION,
    REPORT_PERMISSION,
    confirms_for,
    manages_assignments,
    may_open_support,
    reports_for,
)
from support.selectors import (
    Standing,
    agencies_assigned,
    communes_assigned,
    delivery_by_type_and_year,
    with_delivery,
)

PAGE_SIZE = 25
CONFIRMED_VALUE = Coalesce(Sum("money_vnd", filter=Q(status=ActivityStatus.CONFIRMED)), 0) + Coalesce(
    Sum("in_kind_vnd", filter=Q(status=ActivityStatus.CONFIRMED)), 0
)


def support_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_open_support(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


# --- assignments -----------------------------------------------------------------------------------------


@scoped
@support_required
def assignment_list(request):
    assignments = with_delivery(Assignment.objects.visible_to(request.user).select_related("agency", "commune__parent"))
    filterset = AssignmentFilterSet(request.GET or None, queryset=assignments, request=request)
    offer_scope_units(filterset)
    rows = filterset.qs.order_by("-year", "commune__path", "agency__name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    may_assign = request.user.has_perm(MANAGE_PERMISSION)
    return render(
        request,
        "support/assignment_list.html",
        {
            "filterset": filterset,
            "page": page,
            "may_assign": may_assign,
            "querystring": querystring_without_page(request),
        },
    )


@scoped
@support_required
def assignment_create(request):
    if not request.user.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    form = AssignmentForm(request.POST or None, scope_unit=request.user.scope_unit, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        created = call_service(request, services.assignment_create, **form.cleaned_data)
        if created is not None:
            messages.success(
                request,
                _("Đã phân công %(agency)s hỗ trợ %(count)s xã.")
                % {
                    "agency": form.cleaned_data["agency"].name,
                    "count": len(created),
                },
            )
            return redirect(reverse("support:assignments") + f"?year={form.cleaned_data['year']}")
    return render(request, "support/assignment_form.html", {"form": form}, status=400 if form.errors else 200)


def _assignment_or_404(request, pk: int) -> Assignment:
    queryset = Assignment.objects.select_related("agency", "commune__parent", "previous__agency")
    return get_visible_or_404(queryset, request.user, pk=pk)


@scoped
@support_required
def assignment_detail(request, pk: int):
    return _assignment_page(request, pk)


def _assignment_page(request, pk: int, bound: dict | None = None):
    assignment = _assignment_or_404(request, pk)
    user = request.user
    bound = bound or {}
    delivered = Q(activities__status=ActivityStatus.CONFIRMED)
    items = assignment.plan_items.select_related("activity_type").annotate(
        delivered_activities=Count("activities", filter=delivered),
        delivered_value=Coalesce(Sum("activities__money_vnd", filter=delivered), 0)
        + Coalesce(Sum("activities__in_kind_vnd", filter=delivered), 0),
        reached=Coalesce(Sum("activities__beneficiaries", filter=delivered), 0),
    )
    activities = assignment.activities.select_related("activity_type").order_by("-date", "-id")
    totals = assignment.activities.aggregate(
        confirmed=Count("pk", filter=Q(status=ActivityStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
        value_vnd=CONFIRMED_VALUE,
    )
    manages = manages_assignments(user, assignment.commune)
    reports = reports_for(user, assignment)
    open_ = assignment.ends_on is None
    scope = user.scope_unit
    context = {
        "assignment": assignment,
        "items": items,
        "activities": activities[:50],
        "totals": totals,
        "reports": reports and open_,
        "confirms": confirms_for(user, assignment),
        "manages": manages and open_,
        "plan_form": bound.get("plan") or PlanItemForm(),
        "end_form": bound.get("end") or EndForm(initial={"version": assignment.version}),
        "reassign_form": bound.get("reassign")
        or ReassignForm(initial={"version": assignment.version}, scope_unit=scope),
        "next_assignment": Assignment.objects.filter(previous=assignment).select_related("agency").first(),
    }
    return render(request, "support/assignment_detail.html", context, status=400 if bound else 200)


@scoped
@require_POST
@support_required
def assignment_action(request, pk: int, step: str):
    assignment = _assignment_or_404(request, pk)
    back = reverse("support:assignment", args=[pk])
    if step == "plan-item":
        form = PlanItemForm(request.POST)
        if form.is_valid() and call_service(
            request, services.plan_item_save, assignment=assignment, **form.cleaned_data
        ):
            messages.success(request, _("Đã thêm nội dung kế hoạch hỗ trợ."))
            return redirect(back)
        return _assignment_page(request, pk, bound={"plan": form})
    if step == "end":
        form = EndForm(request.POST)
        if form.is_valid() and call_service(
            request, services.assignment_end, assignment=assignment, **form.cleaned_data
        ):
            messages.success(request, _("Đã kết thúc phân công."))
            return redirect(back)
        return _assignment_page(request, pk, bound={"end": form})
    if step == "reassign":
        form = ReassignForm(request.POST, scope_unit=request.user.scope_unit)
        if form.is_valid():
            new = call_service(request, services.assignment_reassign, assignment=assignment, **form.cleaned_data)
            if new is not None:
                messages.success(request, _("Đã phân công lại cho %(agency)s.") % {"agency": new.agency.name})
                return redirect(reverse("support:assignment", args=[new.pk]))
        return _assignment_page(request, pk, bound={"reassign": form})
    raise Http404


# --- activities ------------------------------------------------------------------------------------------


@scoped
@support_required
def activity_list(request):
    activities = Activity.objects.visible_to(request.user).select_related(
        "activity_type", "assignment__agency", "assignment__commune"
    )
    filterset = ActivityFilterSet(request.GET or None, queryset=activities, request=request)
    offer_scope_units(filterset)
    rows = filterset.qs.order_by("-date", "-id")
    totals = rows.aggregate(
        count=Count("pk"),
        value_vnd=Coalesce(Sum("money_vnd"), 0) + Coalesce(Sum("in_kind_vnd"), 0),
        beneficiaries=Coalesce(Sum("beneficiaries"), 0),
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/activity_list.html",
        {
            "filterset": filterset,
            "page": page,
            "totals": totals,
            "querystring": querystring_without_page(request),
            "may_import": request.user.has_perm(REPORT_PERMISSION)
            and bool(request.user.agency_id)
            and Assignment.objects.filter(agency_id=request.user.agency_id).exists(),
        },
    )


def _activity_data(form: ActivityForm) -> services.ActivityData:
    data = dict(form.cleaned_data)
    for name in ("version", "photo", "document"):
        data.pop(name, None)
    data["description"] = data.get("description") or ""
    for name in ("money_vnd", "in_kind_vnd"):
        data[name] = data.get(name) or 0
    return services.ActivityData(**data)


def _uploads(form: ActivityForm) -> dict:
    photo, document = form.cleaned_data.get("photo"), form.cleaned_data.get("document")
    return {"photos": [photo] if photo else [], "documents": [document] if document else []}


@scoped
@support_required
def activity_create(request, pk: int):
    """The agency's officer logs what was delivered (on a phone, at the commune): saved, or sent for confirmation."""
    assignment = _assignment_or_404(request, pk)
    if not reports_for(request.user, assignment):
        raise PermissionDenied
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        assignment=assignment,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        activity = call_service(
            request,
            services.activity_record,
            assignment=assignment,
            data=_activity_data(form),
            submit="submit" in request.POST,
            **_uploads(form),
        )
        if activity is not None:
            messages.success(
                request,
                _("Đã gửi xã xác nhận.") if activity.status == ActivityStatus.SUBMITTED else _("Đã lưu hoạt động."),
            )
            return redirect("support:activity", activity.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "support/activity_form.html", {"form": form, "assignment": assignment}, status=status)


def _activity_or_404(request, pk: int) -> Activity:
    queryset = Activity.objects.select_related(
        "activity_type", "plan_item", "assignment__agency", "assignment__commune__parent", "decided_by", "created_by"
    )
    return get_visible_or_404(queryset, request.user, pk=pk)


@scoped
@support_required
def activity_detail(request, pk: int, return_form: ReturnForm | None = None):
    activity = _activity_or_404(request, pk)
    user = request.user
    context = {
        "activity": activity,
        "files": list(activity.files.all()),
        "confirms": activity.status == ActivityStatus.SUBMITTED and confirms_for(user, activity.assignment),
        "editable": activity.status in EDITABLE_STATUSES and reports_for(user, activity.assignment),
        "return_form": return_form or ReturnForm(initial={"version": activity.version}),
    }
    return render(request, "support/activity_detail.html", context, status=400 if return_form else 200)


@scoped
@support_required
def activity_update(request, pk: int):
    activity = _activity_or_404(request, pk)
    assignment = activity.assignment
    if not (activity.status in EDITABLE_STATUSES and reports_for(request.user, assignment)):
        raise PermissionDenied
    initial = {
        name: getattr(activity, name)
        for name in (
            "activity_type",
            "plan_item",
            "date",
            "description",
            "money_vnd",
            "in_kind_vnd",
            "quantity",
            "beneficiaries",
            "beneficiaries_female",
            "beneficiaries_ethnic_minority",
            "version",
        )
    }
    form = ActivityForm(request.POST or None, request.FILES or None, assignment=assignment, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            request,
            services.activity_record,
            assignment=assignment,
            activity=activity,
            version=form.cleaned_data.get("version"),
            data=_activity_data(form),
            submit="submit" in request.POST,
            **_uploads(form),
        )
        if saved is not None:
            messages.success(request, _("Đã cập nhật hoạt động."))
            return redirect("support:activity", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "support/activity_form.html",
        {"form": form, "assignment": assignment, "activity": activity},
        status=status,
    )


@scoped
@require_POST
@support_required
def activity_action(request, pk: int, step: str):
    activity = _activity_or_404(request, pk)
    back = safe_next(request, reverse("support:activity", args=[pk]))
    version = request.POST.get("version")
    version = int(version) if version and version.isdigit() else None
    if step == "submit":
        if call_service(request, services.activity_submit, activity=activity, version=version):
            messages.success(request, _("Đã gửi xã xác nhận."))
    elif step == "confirm":
        if call_service(request, services.activity_confirm, activity=activity, version=version):
            messages.success(request, _("Đã xác nhận hoạt động hỗ trợ."))
    elif step == "return":
        form = ReturnForm(request.POST)
        if not form.is_valid():
            return activity_detail(request, pk, return_form=form)
        reason = form.cleaned_data.get("reason") or ""
        if call_service(request, services.activity_return, activity=activity, reason=reason, version=version):
            messages.success(request, _("Đã trả lại hoạt động cho cơ quan phụ trách."))
        else:
            return redirect(reverse("support:activity", args=[pk]))
    else:
        raise Http404
    return redirect(back)


@scoped
@support_required
def activity_file(request, pk: int, file_id: int):
    """A photo or document, for officials who see the activity, as an attachment (never shown inline)."""
    activity = _activity_or_404(request, pk)
    record = get_object_or_404(ActivityFile, pk=file_id, activity=activity)
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.filename,
        content_type=record.content_type or "application/octet-stream",
    )


# --- coverage: the communes and agencies behind the figures --------------------------------------------------


def _standing_and_unit(request, filterset):
    """The year asked (default this year) and the unit (default the official's own), which must be in scope."""
    today = timezone.localdate()
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    year = int(data.get("year") or today.year)
    unit = data.get("unit") or request.user.scope_unit
    if unit is None or not unit_in_scope(request.user, unit):
        raise Http404
    return Standing(dt.date(year, 1, 1), dt.date(year, 12, 31)), unit


def _coverage_page(request, filterset, template: str, rows_of, ordering: tuple[str, ...]):
    """A list behind the coverage figures: the rows `rows_of(unit, standing)` gives, among what the official
    sees, filtered, ordered and paged."""
    standing, unit = _standing_and_unit(request, filterset)
    filterset.queryset = rows_of(unit, standing)
    page = Paginator(filterset.qs.order_by(*ordering), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "standing": standing,
        "unit": unit,
        "querystring": querystring_without_page(request),
    }
    return render(request, template, context)


@scoped
@support_required
def commune_list(request):
    """Per commune: the assigned region III communes, their agencies, coverage this quarter and what they received."""
    filterset = CoverageFilterSet(request.GET or None, queryset=AdministrativeUnit.objects.none(), request=request)
    offer_scope_units(filterset)
    visible = Assignment.objects.visible_to(request.user).values("commune_id")

    def communes(unit, standing):
        return communes_assigned(unit, standing).filter(pk__in=visible).select_related("parent")

    return _coverage_page(request, filterset, "support/commune_list.html", communes, ("path",))


@scoped
@support_required
def agency_list(request):
    """Per agency: what each assigned agency delivered in the year, and which did nothing for 90 days."""
    filterset = AgencyCoverageFilterSet(request.GET or None, queryset=Agency.objects.none(), request=request)
    visible = Assignment.objects.visible_to(request.user).values("agency_id")

    def agencies(unit, standing):
        return agencies_assigned(unit, standing).filter(pk__in=visible).select_related("unit")

    return _coverage_page(request, filterset, "support/agency_list.html", agencies, ("active", "name"))


@scoped
@support_required
def commune_detail(request, pk: int):
    """One commune: the agencies assigned to it (every year), and the confirmed activities and value by type
    and year; each figure opens the activities behind it. Only what the official may see is counted."""
    assignments = list(
        with_delivery(Assignment.objects.visible_to(request.user).filter(commune_id=pk))
        .select_related("agency", "commune__parent")
        .order_by("-year", "agency__name", "starts_on")
    )
    if not assignments:
        raise Http404
    commune = assignments[0].commune
    table = delivery_by_type_and_year(Activity.objects.visible_to(request.user).filter(assignment__commune_id=pk))
    return render(
        request,
        "support/commune_detail.html",
        {"commune": commune, "assignments": assignments, "table": table},
    )
