"""A leader's follows of units, the conditions each follow watches, and the weekly digests sent."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alerts.choices import WITH_THRESHOLD, ConditionKind
from portal.models import AdministrativeUnit, ScopedQuerySet


class FollowQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def of(self, official) -> FollowQuerySet:
        """The official's own follows of units still in their scope (an official who moves loses the others)."""
        return self.filter(official=official).visible_to(official)


class Follow(models.Model):
    """An official follows a unit of their scope: its conditions notify them in the portal, its figures go
    into their weekly digest."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="alert_follows"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="alert_follows"
    )
    weekly_digest = models.BooleanField(
        _("nhận bản tin hằng tuần"), default=True, help_text=_("Thư điện tử tóm tắt số liệu vào sáng thứ Hai.")
    )
    created_at = models.DateTimeField(_("theo dõi từ"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị theo dõi")
        verbose_name_plural = _("đơn vị theo dõi")
        ordering = ["unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["official", "unit"], name="alert_follow_unique_per_official")]

    def __str__(self) -> str:
        return f"{self.official} · {self.unit}"


class Condition(models.Model):
    """One condition of a follow, with where it stood at the last check.

    `episode` counts the times the condition became true: the notification of each time has the key
    `alert:<pk>:<episode>`, so a check that runs twice, or a condition that stays true, notifies once,
    and a condition that clears and comes back notifies again.
    """

    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(_("điều kiện"), max_length=30, choices=ConditionKind.choices)
    threshold = models.PositiveIntegerField(_("ngưỡng"), null=True, blank=True)
    is_active = models.BooleanField(_("đang cảnh báo"), default=False)
    active_since = models.DateTimeField(_("cảnh báo từ"), null=True, blank=True)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)
    episode = models.PositiveIntegerField(_("số lần phát sinh"), default=0)
    observed = models.JSONField(_("số liệu lần kiểm tra gần nhất"), default=dict, blank=True)

    class Meta:
        verbose_name = _("điều kiện cảnh báo")
        verbose_name_plural = _("điều kiện cảnh báo")
        ordering = ["follow", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["follow", "kind"], name="alert_condition_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind=ConditionKind.OVERDUE_ABOVE, threshold__isnull=False)
                | (~Q(kind=ConditionKind.OVERDUE_ABOVE) & Q(threshold__isnull=True)),
                name="alert_condition_threshold_only_for_overdue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follow} · {self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind in WITH_THRESHOLD and self.threshold is None:
            raise ValidationError({"threshold": _("Hãy nhập ngưỡng số vụ việc quá hạn.")})
        if self.kind not in WITH_THRESHOLD and self.threshold is not None:
            raise ValidationError({"threshold": _("Điều kiện này không có ngưỡng.")})

    @property
    def dedupe_key(self) -> str:
        """The key of the notification of the current episode (portal.models.Notification)."""
        return f"alert:{self.pk}:{self.episode}"


class Digest(models.Model):
    """The weekly digest sent to an official for one ISO week ("2026-W49"): its row is the "sent" marker."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="alert_digests"
    )
    week = models.CharField(_("tuần"), max_length=8)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    units = models.PositiveSmallIntegerField(_("số đơn vị"), default=0)

    class Meta:
        verbose_name = _("bản tin tuần")
        verbose_name_plural = _("bản tin tuần")
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["official", "week"], name="alert_digest_once_per_week")]

    def __str__(self) -> str:
        return f"{self.official} · {self.week}"
