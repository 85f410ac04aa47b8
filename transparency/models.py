"""Complaint decisions published on the portal (DOMAIN R2.11), and every version of their redacted text."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.models import Case
from portal.models import AdministrativeUnit, Agency, ScopedQuerySet
from portal.text import fold
from transparency.choices import MIN_ONLINE_DAYS, Field, State


class PublishedDecisionQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def online(self) -> PublishedDecisionQuerySet:
        """What the public sees: published and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class PublishedDecision(models.Model):
    """A complaint decision made public on the portal: its identifying fields; the text is in its versions.

    Only the fields below and the redacted text ever reach the public: no petitioner, no case file.
    """

    case = models.ForeignKey(Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày ban hành"))
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices, default=Field.OTHER)
    title = models.CharField(_("trích yếu"), max_length=255)
    search_text = models.CharField(max_length=320, editable=False, blank=True)  # number and title, folded
    published_on = models.DateField(_("ngày công khai"), db_index=True)
    withdrawn_at = models.DateTimeField(_("thời điểm gỡ"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField(_("lý do gỡ"), max_length=500, blank=True)

    objects = PublishedDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("quyết định giải quyết khiếu nại đã công khai")
        verbose_name_plural = _("quyết định giải quyết khiếu nại đã công khai")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["unit", "decided_on"])]
        constraints = [
            # One publication per case: a mistake is corrected (a new version), never published twice.
            models.UniqueConstraint(fields=["case"], name="published_decision_one_per_case"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="published_decision_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number} {self.title}")
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        return State.WITHDRAWN if self.withdrawn_at else State.PUBLISHED

    @property
    def online_until(self) -> dt.date:
        """The last day the decision must stay online (the 15th day after the day it was published)."""
        return self.published_on + dt.timedelta(days=MIN_ONLINE_DAYS)


class PublishedDecisionVersion(models.Model):
    """One published text of a decision: the first publication is version 1, each correction the next one.

    The public reads only the latest; older ones stay for the record (who published what, when, and why
    it was corrected).
    """

    decision = models.ForeignKey(PublishedDecision, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("lần"))
    text = models.TextField(_("nội dung đã che thông tin cá nhân"))
    published_at = models.DateTimeField(_("thời điểm đăng"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("lý do đính chính"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("lần đăng quyết định")
        verbose_name_plural = _("lần đăng quyết định")
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="published_decision_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="published_decision_version_from_1"),
            models.CheckConstraint(condition=Q(number=1) | ~Q(note=""), name="published_decision_correction_noted"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} v{self.number}"
