"""Reception pages: record a session with its visits, lists, detail, heads' duty, public schedule."""

from __future__ import annotations

import calendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from petitions.filtersets import ethnicity_described
from portal.access import public, scoped
from portal.filtersets import offer_scope_units
from portal.models import Agency
from portal.pagination import querystring_without_page
from portal.scoping import unit_in_scope
from portal.selectors import public_unit_asked
from portal.services import DomainError
from portal.workcalendar import MIN_YEAR
from reception import selectors
from reception.choices import MAX_REPRESENTATIVES
from reception.duties import agency_compliance, duty_groups, month_duties, standing
from reception.filtersets import SessionFilterSet
from reception.forms import ScheduleForm, SessionEditForm, SessionForm, VisitForm, VisitFormSet
from reception.models import ReceptionSchedule, ReceptionSession
from reception.services import (
    CitizenData,
    VisitData,
    reception_schedule_publish,
    reception_session_record,
    reception_session_update,
    reception_visit_add,
)

PAGE_SIZE = 25


@scoped
@permission_required("reception.view_receptionsession", raise_exception=True)
def session_list(request):
    filterset = SessionFilterSet(
        request.GET or None, queryset=selectors.sessions_visible(request.user), request=request
    )
    offer_scope_units(filterset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reception/session_list.html",
        {
            "filterset": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "about": " · ".join(ethnicity_described(filterset)),
        },
    )


def _visits_from(rows, session_date) -> list[VisitData]:
    """Visit data from form rows; a refusal notice is dated the day of the session."""
    visits = []
    for row in rows:
        if not row or not row.get("full_name", "").strip():
            continue
        citizens = [
            CitizenData(
                full_name=row["full_name"],
                id_number=row.get("id_number", ""),
                address=row.get("address", ""),
                is_representative=bool(row.get("representatives")),
                ethnicity=row.get("ethnicity", ""),
            )
        ]
        citizens += [
            CitizenData(full_name=name.strip(), is_representative=True)
            for name in row.get("other_representatives", "").splitlines()
            if name.strip()
        ]
        visits.append(
            VisitData(
                kind=row["kind"],
                content=row["content"],
                action=row["action"],
                citizens=citizens,
                people_count=row["people_count"],
                representatives=row.get("representatives") or 0,
                first_visit=row.get("first_visit", False),
                field=row["field"],
                guided_to=row.get("guided_to"),
                refusal_ground=row.get("refusal_ground", ""),
                refusal_notice_no=row.get("refusal_notice_no", ""),
                refusal_notice_on=session_date if row.get("refusal_notice_no") else None,
            )
        )
    return visits


@scoped
@permission_required("reception.add_receptionsession", raise_exception=True)
def session_create(request):
    agency = request.user.agency
    if agency is None:
        messages.error(request, _("Tài khoản chưa gắn với cơ quan nên chưa thể ghi sổ tiếp công dân."))
        return redirect("reception:list")
    form = SessionForm(request.POST or None, initial={"receiver_name": f"{request.user}, {request.user.position}"})
    visits = VisitFormSet(request.POST or None, prefix="visits")
    if request.method == "POST" and form.is_valid() and visits.is_valid():
        data = form.cleaned_data
        visit_data = _visits_from(visits.cleaned_data, data["date"])
        if not visit_data:
            form.add_error(None, _("Buổi tiếp phải có ít nhất một lượt tiếp."))
        else:
            try:
                session = reception_session_record(
                    actor=request.user,
                    agency=agency,
                    visits=visit_data,
                    receiver=request.user if data["received_by"] != "head" else agency.head,
                    **data,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                opened = sum(1 for v in session.visits.all() if v.petition_id)
                messages.success(
                    request,
                    _("Đã ghi sổ buổi tiếp với %(visits)s lượt tiếp; %(opened)s đơn được tiếp nhận.")
                    % {"visits": len(visit_data), "opened": opened},
                )
                return redirect("reception:detail", pk=session.pk)
    return render(
        request,
        "reception/session_form.html",
        {"form": form, "visits": visits, "agency": agency, "max_representatives": MAX_REPRESENTATIVES},
    )


@scoped
@permission_required("reception.view_receptionsession", raise_exception=True)
def session_detail(request, pk: int):
    session = selectors.session_detail(request.user, pk)
    rows = selectors.session_visit_rows(request.user, session)
    can_edit = request.user.has_perm("reception.change_receptionsession")
    return render(
        request,
        "reception/session_detail.html",
        {
            "session": session,
            "rows": rows,
            "can_edit": can_edit,
            "visit_form": VisitForm(prefix="visit") if can_edit else None,
            "edit_form": SessionEditForm(
                initial={
                    "version": session.version,
                    "start_time": session.start_time,
                    "end_time": session.end_time,
                    "receiver_name": session.receiver_name,
                    "participants": session.participants,
                    "notes": session.notes,
                }
            )
            if can_edit
            else None,
        },
    )


@scoped
@permission_required("reception.change_receptionsession", raise_exception=True)
@require_POST
def session_edit(request, pk: int):
    session = selectors.session_detail(request.user, pk)
    form = SessionEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu được: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("reception:detail", pk=pk)
    changes = dict(form.cleaned_data)
    version = changes.pop("version")
    try:
        reception_session_update(actor=request.user, session_id=session.pk, expected_version=version, **changes)
        messages.success(request, _("Đã lưu thay đổi; thay đổi được ghi vào nhật ký."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("reception:detail", pk=pk)


@scoped
@permission_required("reception.change_receptionsession", raise_exception=True)
@require_POST
def visit_add(request, pk: int):
    session = selectors.session_detail(request.user, pk)
    form = VisitForm(request.POST, prefix="visit")
    visits = _visits_from([form.cleaned_data] if form.is_valid() else [], session.date)
    if not visits:
        messages.error(
            request,
            _("Lượt tiếp chưa hợp lệ: %(errors)s")
            % {"errors": form.errors.as_text() or _("hãy nhập họ tên công dân.")},
        )
        return redirect("reception:detail", pk=pk)
    try:
        reception_visit_add(actor=request.user, session_id=session.pk, data=visits[0])
        messages.success(request, _("Đã thêm lượt tiếp."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("reception:detail", pk=pk)


@scoped
@permission_required("reception.add_receptionsession", raise_exception=True)
def citizen_lookup(request):
    """htmx: earlier visits and open petitions of the person being typed in."""
    text = request.GET.get("q") or next((v for k, v in request.GET.items() if k.endswith("full_name") and v), "")
    id_text = next((v for k, v in request.GET.items() if k.endswith("id_number") and v.strip()), "")
    history = selectors.citizen_history(request.user, id_text or text)
    return render(request, "reception/_citizen_history.html", {"history": history, "text": id_text or text})


class MonthQueryForm(forms.Form):
    """A year (1900 to next year) and optionally a month, as the duty pages read them from the URL."""

    year = forms.IntegerField(
        required=False, error_messages={"invalid": gettext_lazy("Hãy nhập năm bằng số, ví dụ 2026.")}
    )
    month = forms.IntegerField(required=False, error_messages={"invalid": gettext_lazy("Tháng phải từ 1 đến 12.")})

    def clean_year(self) -> int | None:
        year, latest = self.cleaned_data["year"], timezone.localdate().year + 1
        if year is not None and not MIN_YEAR <= year <= latest:
            raise forms.ValidationError(_("Năm phải từ %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": latest})
        return year

    def clean_month(self) -> int | None:
        month = self.cleaned_data["month"]
        if month is not None and not 1 <= month <= 12:
            raise forms.ValidationError(_("Tháng phải từ 1 đến 12."))
        return month


def _asked_month(request) -> tuple[MonthQueryForm, int | None, int | None]:
    """The year and month in the URL; both None when they are wrong (the form then carries the message)."""
    form = MonthQueryForm(request.GET)
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["year"], form.cleaned_data["month"]


@scoped
@permission_required("reception.view_receptionsession", raise_exception=True)
def duty_overview(request):
    today = timezone.localdate()
    form, year, month = _asked_month(request)
    year = year or today.year
    if month:
        start, end = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    end = min(end, max(start, today))  # periods still to come are not a shortfall yet
    rows = selectors.duty_overview(request.user, start, end)
    groups = duty_groups(rows, today)
    return render(
        request,
        "reception/duty_overview.html",
        {
            "groups": groups,
            "rows": rows,
            "start": start,
            "end": end,
            "not_started": start > today,
            "today": today,
            "year": start.year,
            "month": str(month or ""),
            "years": range(today.year, 2019, -1),
            "below": sum(1 for group in groups for row in group["rows"] if row["standing"].state == "behind"),
            "month_form": form,
        },
    )


@scoped
@permission_required("reception.view_receptionsession", raise_exception=True)
def head_calendar(request, agency_id: int):
    agency = get_object_or_404(Agency.objects.select_related("unit", "head"), pk=agency_id)
    if not unit_in_scope(request.user, agency.unit):
        from django.http import Http404

        raise Http404
    today = timezone.localdate()
    month_form, year, month = _asked_month(request)
    first = dt.date(year or today.year, month or today.month, 1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    sessions = ReceptionSession.objects.filter(agency=agency, date__gte=first, date__lte=last)
    held = {s.date for s in sessions if s.counts_for_head}
    delegated = {s.date for s in sessions if s.received_by == "authorised"}
    planned = set(
        ReceptionSchedule.objects.filter(agency=agency, date__gte=first, date__lte=last).values_list("date", flat=True)
    )
    result = agency_compliance(agency, start=first, end=min(last, today), held_dates=held)
    weeks = [
        [
            {
                "day": d,
                "in_month": d.month == first.month,
                "held": d in held,
                "delegated": d in delegated,
                "planned": d in planned,
                "today": d == today,
            }
            for d in week
        ]
        for week in calendar.Calendar().monthdatescalendar(first.year, first.month)
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and request.user.has_perm("reception.add_receptionschedule") and form.is_valid():
        try:
            reception_schedule_publish(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, _("Đã thêm lịch tiếp công dân."))
            return redirect(request.get_full_path())
        except DomainError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "reception/head_calendar.html",
        {
            "agency": agency,
            "first": first,
            "weeks": weeks,
            "result": result,
            "standing": standing(result, today),
            "rules": month_duties(agency.kind, agency.unit.level, first, last),
            "previous": previous if previous.year >= MIN_YEAR else None,
            "following": following if following.year <= today.year + 1 else None,
            "month_form": month_form,
            "form": form,
            "upcoming": ReceptionSchedule.objects.filter(agency=agency, date__gte=today)[:10],
        },
    )


@public("the heads' reception schedule, published by law (Decree 64/2014 art. 4)", shared_cache=True)
def public_schedule(request):
    """The published reception schedule of heads: no login (Decree 64/2014 art. 4; Law on Access to Information)."""
    today = timezone.localdate()
    entries = (
        ReceptionSchedule.objects.filter(is_public=True, date__gte=today)
        .select_related("agency__unit", "agency__reception_info")
        .order_by("date", "start_time")
    )
    text = request.GET.get("q", "").strip()
    if text:
        entries = entries.filter(agency__in=Agency.objects.search(text))
    unit = public_unit_asked(request)
    if unit is not None:  # from a unit's public page: its agencies and those under it
        entries = entries.filter(agency__unit__path__startswith=unit.path)
    return render(
        request,
        "reception/public_schedule.html",
        {
            "page": Paginator(entries, 50).get_page(request.GET.get("page")),
            "q": text,
            "unit": unit,
            "querystring": querystring_without_page(request),
        },
    )


@public("an agency's public reception place, hours and rules (Decree 64/2014 art. 4)", shared_cache=True)
def public_agency(request, agency_id: int):
    """One agency's public reception information: place, hours, rules and coming reception days."""
    agency = get_object_or_404(Agency.objects.select_related("unit"), pk=agency_id, is_active=True)
    info = getattr(agency, "reception_info", None)
    entries = ReceptionSchedule.objects.filter(agency=agency, is_public=True, date__gte=timezone.localdate())
    return render(request, "reception/public_agency.html", {"agency": agency, "info": info, "entries": entries[:20]})
