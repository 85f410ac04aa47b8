"""What the reform pages share: the read permission, the "as of" date, and how a refused service call is told."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portal.pages import call_service, safe_next  # noqa: F401 - the pages of this app import them from here
from reform.choices import STATE_TONES
from reform.scoping import may_open_reform

PAGE_SIZE = 25


def reform_required(view):
    """Reform pages are for officials who may read plans (reform.view_plan); rows come from `visible_to`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_open_reform(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def as_of(request) -> dt.date:
    """The `?on=YYYY-MM-DD` a page is read as of (default and on a malformed date: today)."""
    from reform.forms import AsOfForm

    form = AsOfForm(request.GET)
    if form.is_valid() and form.cleaned_data["on"]:
        return form.cleaned_data["on"]
    return timezone.localdate()


def tone_of(state: str) -> str:
    return STATE_TONES.get(state, "muted")


def decorate(task):
    """What a row shows of a task annotated by `with_state`: its state's text and colour, and whether the
    deadline in force (as of the page's date) differs from the original one (shown struck through)."""
    from reform.choices import TaskState

    task.tone = tone_of(task.state)
    task.state_label = TaskState(task.state).label
    task.deadline_shown = getattr(task, "deadline_then", None) or task.deadline
    task.extended = task.deadline_shown != task.original_deadline
    return task


def state_rows(figures: dict) -> list[dict]:
    """The six states with their counts, in the order leaders read them (each shown with its text)."""
    from reform.choices import TaskState

    return [
        {"value": state.value, "label": state.label, "tone": tone_of(state.value), "count": figures["states"][state]}
        for state in TaskState
    ]
