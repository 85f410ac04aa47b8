"""Verification teams and steps, and enforcement measures, from the petition's page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from petitions import selectors, workflow
from petitions.forms import (
    MeasureForm,
    MeasureReportForm,
    VerificationAssignForm,
    VerificationStepForm,
    offer_verifiers,
)
from petitions.services import (
    enforcement,
    verification,
)
from portal.access import scoped
from portal.services import DomainError


@scoped
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def measure_add(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    form = MeasureForm(request.POST, prefix="measure")
    if not form.is_valid():
        messages.error(request, _("Biện pháp chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        enforcement.measure_add(
            actor=request.user,
            petition=petition,
            **{**form.cleaned_data, "ordered_amount": form.cleaned_data.get("ordered_amount") or 0},
        )
        messages.success(request, _("Đã thêm biện pháp thi hành."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@scoped
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def measure_report(request, pk: int, measure_id: int):
    petition = selectors.petition_for(request.user, pk)
    get_object_or_404(petition.measures, pk=measure_id)
    form = MeasureReportForm(request.POST, prefix=f"m{measure_id}")
    if not form.is_valid():
        messages.error(request, _("Kết quả chưa hợp lệ: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        enforcement.measure_report(actor=request.user, measure_id=measure_id, **form.cleaned_data)
        messages.success(request, _("Đã cập nhật kết quả thi hành."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@scoped
@require_POST
def verification_assign(request, pk: int):
    """The head (or a designated deputy) gives the case to a verifying team; the service decides who may."""
    petition = selectors.petition_for(request.user, pk)
    try:
        verification.ensure_may_assign_verification(request.user, petition)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("petitions:detail", pk=pk)
    form = VerificationAssignForm(request.POST, prefix="verification")
    offer_verifiers(form, petition)
    if not form.is_valid():
        messages.error(request, _("Chưa giao được xác minh: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        verification.verification_assign(actor=request.user, petition=petition, **form.cleaned_data)
        messages.success(request, _("Đã giao xác minh."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


@scoped
@permission_required("petitions.change_petition", raise_exception=True)
@require_POST
def verification_step(request, pk: int):
    petition = selectors.petition_for(request.user, pk)
    current = workflow.open_verification(petition)
    form = VerificationStepForm(request.POST, request.FILES, prefix="vstep")
    if current is None or not form.is_valid():
        messages.error(request, _("Chưa ghi được bước xác minh: %(errors)s") % {"errors": form.errors.as_text()})
        return redirect("petitions:detail", pk=pk)
    try:
        data = form.cleaned_data
        verification.verification_step_record(
            actor=request.user,
            verification=current,
            step_code=data["step"],
            happened_on=data["happened_on"],
            minutes=data["minutes"],
            document=data.get("document"),
        )
        messages.success(request, _("Đã ghi bước xác minh."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("petitions:detail", pk=pk)


def verification_form_for(user, petition):
    from petitions.authority import VERIFICATION_STEP, may_decide

    if workflow.verification_refusal(petition) or not may_decide(user, petition, VERIFICATION_STEP):
        return None
    form = VerificationAssignForm(prefix="verification")
    offer_verifiers(form, petition)
    return form
