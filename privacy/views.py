"""Personal data pages: the record of processing (administrators edit, inspectors read) and the scoped log of
data subjects' requests. Views stay thin: the rules are in privacy.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import reference_data, scoped
from portal.filtersets import offer_scope_units
from portal.models import AdministrativeUnit
from portal.pages import call_service
from portal.pagination import BoundedPaginator, querystring_without_page
from portal.scoping import get_visible_or_404
from privacy import selectors, services
from privacy.filtersets import DataSubjectRequestFilterSet
from privacy.forms import ProcessingRecordForm, SubjectRequestCloseForm, SubjectRequestForm
from privacy.models import DataSubjectRequest, ProcessingRecord

PAGE_SIZE = 25


@reference_data
@permission_required(services.VIEW_RECORD, raise_exception=True)
def records(request):
    """The record of processing: every data category with its purpose, legal basis, recipients, storage, retention."""
    return render(
        request,
        "privacy/records.html",
        {
            "records": selectors.processing_records(),
            "may_change": request.user.has_perm(services.CHANGE_RECORD),
            "may_see_requests": request.user.has_perm(services.VIEW_REQUEST),
        },
    )


@reference_data
@permission_required(services.CHANGE_RECORD, raise_exception=True)
def record_edit(request, pk: int):
    try:
        record = ProcessingRecord.objects.get(pk=pk)
    except ProcessingRecord.DoesNotExist as error:
        raise Http404 from error
    form = ProcessingRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.RECORD_FIELDS}
        saved = call_service(
            request, services.processing_record_update, record_id=pk, data=data, version=form.cleaned_data["version"]
        )
        if saved is not None:
            messages.success(request, _("Đã lưu hồ sơ xử lý dữ liệu."))
            return redirect("privacy:records")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "privacy/record_edit.html", {"record": record, "form": form}, status=status)


@scoped
@permission_required(services.VIEW_REQUEST, raise_exception=True)
def requests(request):
    """The unit's data-subject requests, filtered by status, right and overdue, a page at a time."""
    filterset = DataSubjectRequestFilterSet(
        request.GET or None, queryset=selectors.requests_visible_to(request.user), request=request
    )
    offer_scope_units(filterset)
    page = BoundedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/requests.html",
        {
            "filterset": filterset,
            "page": page,
            "querystring": querystring_without_page(request),
            "today": timezone.localdate(),
            "may_add": request.user.has_perm(services.ADD_REQUEST),
        },
    )


def _units_for(user):
    scope = user.scope_unit
    if scope is None:
        return AdministrativeUnit.objects.filter(level="province").order_by("name") if user.is_superuser else None
    return AdministrativeUnit.objects.filter(path__startswith=scope.path, generation=scope.generation).order_by("path")


@scoped
@permission_required(services.ADD_REQUEST, raise_exception=True)
def request_new(request):
    units = _units_for(request.user)
    scope = request.user.scope_unit
    initial = {"received_on": timezone.localdate(), "unit": scope.pk if scope else None}
    form = SubjectRequestForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        created = call_service(request, services.subject_request_create, **form.cleaned_data)
        if created is not None:
            messages.success(
                request, _("Đã ghi nhận yêu cầu, hạn trả lời %(date)s.") % {"date": f"{created.due_on:%d/%m/%Y}"}
            )
            return redirect("privacy:request", pk=created.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "privacy/request_new.html", {"form": form}, status=status)


def _request_or_404(request, pk: int) -> DataSubjectRequest:
    return get_visible_or_404(selectors.requests_visible_to(request.user), request.user, pk=pk)


@scoped
def request_detail(request, pk: int):
    found = _request_or_404(request, pk)  # out of scope is a 404 before it is a 403, as for every record page
    if not request.user.has_perm(services.VIEW_REQUEST):
        raise PermissionDenied
    may_close = found.status == "open" and request.user.has_perm(services.CHANGE_REQUEST)
    form = SubjectRequestCloseForm(initial={"closed_on": timezone.localdate()}) if may_close else None
    return render(request, "privacy/request_detail.html", {"found": found, "form": form})


@scoped
@require_POST
def request_close(request, pk: int):
    found = _request_or_404(request, pk)  # out of scope is a 404 before it is a 403, as for every record page
    if not request.user.has_perm(services.CHANGE_REQUEST):
        raise PermissionDenied
    form = SubjectRequestCloseForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/request_detail.html", {"found": found, "form": form}, status=400)
    if call_service(request, services.subject_request_close, request_id=found.pk, **form.cleaned_data) is not None:
        messages.success(request, _("Đã kết thúc yêu cầu."))
    return redirect("privacy:request", pk=found.pk)
