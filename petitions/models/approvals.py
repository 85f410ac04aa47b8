"""Proposals (trình) waiting for an approver's decision (duyệt), and the deputies who may decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.models.petitions import Petition, PetitionChildQuerySet
from portal.models import Agency, ScopedQuerySet


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")
    REJECTED = "rejected", _("Không duyệt")


class Proposal(models.Model):
    """An officer's proposal (trình) of a workflow step, waiting for the approver's decision (duyệt).

    The step's input is stored as submitted; approving it runs the step's service as the approver.
    The deadline clock does not stop while a proposal waits.
    """

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="proposals")
    step = models.CharField(_("bước"), max_length=30)
    data = models.JSONField(_("nội dung trình"), default=dict)
    note = models.CharField(_("ý kiến người trình"), max_length=500, blank=True)
    draft = models.FileField(_("dự thảo văn bản"), upload_to="proposals/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comments = models.CharField(_("ý kiến người duyệt"), max_length=1000, blank=True)

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition", "step"], condition=Q(status="submitted"), name="one_open_proposal_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.petition.register_number} · {self.step} · {self.get_status_display()}"


class ApprovalDelegateQuerySet(ScopedQuerySet):
    unit_field = "agency__unit"


class ApprovalDelegate(models.Model):
    """A deputy the head designates to approve some (or all) steps for the agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="approval_delegates")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    steps = models.JSONField(
        _("các bước được duyệt"), default=list, blank=True, help_text=_("Để trống: được duyệt mọi bước.")
    )

    objects = ApprovalDelegateQuerySet.as_manager()

    class Meta:
        verbose_name = _("người được ủy quyền duyệt")
        verbose_name_plural = _("người được ủy quyền duyệt")
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="approval_delegate_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.agency}"
