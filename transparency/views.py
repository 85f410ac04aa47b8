"""Published complaint decisions: the officials' pages (publish from a settled case, correct, withdraw) and the
public's (list and detail, no sign-in). Views stay thin: every rule is in transparency.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from petitions.models import Case
from portal.access import public, scoped
from portal.filtersets import offer_scope_units
from portal.pages import call_service
from portal.pagination import querystring_without_page
from portal.scoping import get_visible_or_404
from portal.services import DomainError, NotFound, NotPermitted
from transparency import selectors, services
from transparency.filtersets import PublishedDecisionFilterSet, offer_units
from transparency.forms import CorrectForm, PublishForm, WithdrawForm
from transparency.models import PublishedDecision

PUBLIC_PAGE_SIZE = 20
PAGE_SIZE = 25


# --- Public pages ------------------------------------------------------------------------------------------


@public(
    "published complaint decisions, made public by law (Decree 124/2020 art. 29): redacted text only",
    shared_cache=True,
)
@require_safe
def public_list(request):
    """Decisions online, searchable by unit, decision date and field (the API's filters)."""
    filterset = PublishedDecisionFilterSet(request.GET or None, queryset=selectors.public_decisions())
    offer_units(filterset, selectors.public_unit_options())
    page = Paginator(filterset.qs, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "transparency/public_list.html",
        {"filterset": filterset, "page": page, "querystring": querystring_without_page(request)},
    )


@public(
    "one published complaint decision: its number, date, agency, field, redacted text and dates of correction",
    shared_cache=True,
)
@require_safe
def public_detail(request, pk: int):
    found = selectors.public_decision(pk)
    return render(
        request,
        "transparency/public_detail.html",
        {"decision": found.decision, "current": found.current, "corrections": found.corrections},
    )


# --- Officials' pages --------------------------------------------------------------------------------------


def _may_view(request) -> None:
    if not request.user.has_perm(selectors.VIEW_PERMISSION):  # the list's 403; the rows' check is the selector's
        raise PermissionDenied


@scoped
def manage(request):
    """The unit's published decisions (with their versions) and its settled complaints not published yet."""
    _may_view(request)
    filterset = PublishedDecisionFilterSet(
        request.GET or None, queryset=selectors.decisions_visible_to(request.user), request=request
    )
    offer_scope_units(filterset)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    may_publish = request.user.has_perm(services.PUBLISH_PERMISSION)
    waiting = list(selectors.cases_to_publish(request.user)[:50]) if may_publish else []
    return render(
        request,
        "transparency/manage.html",
        {
            "filterset": filterset,
            "page": page,
            "waiting": waiting,
            "querystring": querystring_without_page(request),
        },
    )


def _check(request, check, *args):
    """Run a permission check of the services for a page: out of scope 404, not permitted 403, else the refusal."""
    try:
        check(request.user, *args)
    except NotFound as error:
        raise Http404 from error
    except NotPermitted as error:
        raise PermissionDenied(str(error)) from error
    except DomainError as error:
        return str(error)
    return None


def _preview_context(request, case, shown: tuple[str, ...], text: str | None) -> dict:
    """What a preview shows besides the text: which complainant's details still appear, and the fingerprint
    the form carries to the publishing step."""
    if text is None:  # refused: call_service put the reason in the messages
        return {}
    return {"preview": text, "leaks": services.identity_leaks(case, *shown), "hash": services.preview_hash(*shown)}


def _bound_with_hash(form_class, data, hash_value: str):
    data = data.copy()
    data["preview_hash"] = hash_value
    return form_class(data)


@scoped
def publish(request, pk: int):
    """From a settled complaint case: write the decision's text, mark what to hide, preview, then publish."""
    case = get_visible_or_404(Case.objects.select_related("lead_petition"), request.user, pk=pk)
    existing = PublishedDecision.objects.filter(case=case).values_list("pk", flat=True).first()
    if existing:
        return redirect("transparency:decision", pk=existing)
    refusal = _check(request, services.ensure_may_publish, case, services.PUBLISH_PERMISSION)
    form = PublishForm(request.POST or None, initial={"title": case.title})
    context = {"case": case, "form": form, "refusal": refusal}
    if request.method == "POST" and refusal is None and form.is_valid():
        if request.POST.get("step") == "publish":
            if not form.cleaned_data["preview_hash"]:
                messages.error(request, _("Hãy bấm “Xem trước” để kiểm tra văn bản trước khi công bố."))
            else:
                decision = call_service(
                    request,
                    services.decision_publish,
                    case=case,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    redactions=form.cleaned_data["redactions"],
                    expected_hash=form.cleaned_data["preview_hash"],
                )
                if decision is not None:
                    messages.success(request, _("Đã công khai quyết định số %(number)s.") % {"number": decision.number})
                    return redirect("transparency:decision", pk=decision.pk)
        data = form.cleaned_data
        text = call_service(
            request, services.redaction_preview, case=case, text=data["text"], redactions=data["redactions"]
        )
        context["preview_title"] = services.redacted_title(data["title"], data["redactions"])
        context.update(_preview_context(request, case, (context["preview_title"], text or ""), text))
        if "hash" in context:
            context["form"] = _bound_with_hash(PublishForm, request.POST, context["hash"])
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "transparency/publish.html", context, status=status)


def _decision_or_404(request, pk: int) -> PublishedDecision:
    return get_visible_or_404(selectors.decisions_visible_to(request.user), request.user, pk=pk)


@scoped
def decision(request, pk: int):
    """A published decision as its unit's officials see it: every version in full, and the withdrawal."""
    _may_view(request)
    found = _decision_or_404(request, pk)
    versions = list(found.versions.select_related("published_by").order_by("-number"))
    may_change = request.user.has_perm(services.CHANGE_PERMISSION) and found.withdrawn_at is None
    return render(
        request,
        "transparency/decision.html",
        {
            "decision": found,
            "versions": versions,
            "may_change": may_change,
            "withdraw_form": WithdrawForm(),
        },
    )


@scoped
def correct(request, pk: int):
    """A corrected text, previewed like the first one, published as the next version."""
    found = _decision_or_404(request, pk)
    refusal = _check(request, services.ensure_may_publish, found.case, services.CHANGE_PERMISSION)
    current = found.versions.order_by("-number").only("number", "text").first()
    initial = {"text": current.text if current else "", "version": current.number if current else None}
    form = CorrectForm(request.POST or None, initial=initial)
    context = {"decision": found, "form": form, "refusal": refusal or _withdrawn(found)}
    if request.method == "POST" and context["refusal"] is None and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("step") == "publish":
            if not data["preview_hash"]:
                messages.error(request, _("Hãy bấm “Xem trước” để kiểm tra văn bản trước khi công bố."))
            else:
                version = call_service(
                    request,
                    services.decision_correct,
                    decision=found,
                    text=data["text"],
                    redactions=data["redactions"],
                    note=data["note"],
                    expected_hash=data["preview_hash"],
                    expected_version=data["version"],
                )
                if version is not None:
                    messages.success(request, _("Đã đăng bản đính chính lần %(number)s.") % {"number": version.number})
                    return redirect("transparency:decision", pk=found.pk)
        text = call_service(
            request, services.correction_preview, decision=found, text=data["text"], redactions=data["redactions"]
        )
        context["preview_note"] = services.redact(data["note"], data["redactions"])
        context.update(_preview_context(request, found.case, (text or "", context["preview_note"]), text))
        if "hash" in context:
            context["form"] = _bound_with_hash(CorrectForm, request.POST, context["hash"])
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "transparency/correct.html", context, status=status)


def _withdrawn(found: PublishedDecision) -> str | None:
    return _("Quyết định đã được gỡ; không đính chính được.") if found.withdrawn_at else None


@scoped
@require_POST
def withdraw(request, pk: int):
    found = _decision_or_404(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do gỡ quyết định."))
    elif call_service(request, services.decision_withdraw, decision=found, reason=form.cleaned_data["reason"]):
        messages.success(request, _("Đã gỡ quyết định khỏi trang công khai."))
    return redirect(reverse("transparency:decision", kwargs={"pk": found.pk}))
