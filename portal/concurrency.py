"""Optimistic locking shared by every app: a record an official edits carries a `version`, the form the
official opened carries it back, and a save that finds the record changed meanwhile is refused (the
pages show the message, the API answers 409) rather than silently overwriting the other official's work.

Services lock the row (`select_for_update`) before comparing, so two saves that arrive at the same
moment are serialised: the second compares against the first's bumped version and is refused.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from portal.services import DomainError


class ConcurrentEdit(DomainError):
    """Someone else saved the record since this official loaded it (the API answers 409)."""


def stale_message() -> str:
    return _("Bản ghi này vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi rồi thao tác lại.")


def ensure_current(row: models.Model, expected_version: int | None, *, message: str | None = None) -> None:
    """Refuse the change when the (locked) row's version is not the one the official's page was opened with.

    No version (an import, a task, an older client) means "no check": only forms and API calls carry one."""
    if expected_version is not None and row.version != expected_version:
        raise ConcurrentEdit(message or stale_message())


def lock_current(
    queryset: models.QuerySet, pk: int, expected_version: int | None, *, missing: Exception, message: str | None = None
) -> models.Model:
    """The row `pk` of `queryset`, locked for the change and checked against `expected_version`."""
    try:
        row = queryset.select_for_update(of=("self",)).get(pk=pk)
    except queryset.model.DoesNotExist as exc:
        raise missing from exc
    ensure_current(row, expected_version, message=message)
    return row


def version_bump(row: models.Model) -> None:
    """Count this save in the row's version (in the database, so a racing writer cannot be lost), then reload it.

    Call it on a locked row: after `save()` when the service saves the row itself, or alone when the change
    lies in related rows (an M2M, a child row) and the parent only needs to know it changed."""
    type(row)._base_manager.filter(pk=row.pk).update(version=F("version") + 1)
    row.refresh_from_db(fields=["version"])
