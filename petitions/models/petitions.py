"""Cases (vụ việc), petitions (đơn), their people, extensions and pauses; register numbers, saved filters."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from petitions.choices import (
    OPEN_STATUSES,
    Channel,
    ComplaintResult,
    Complexity,
    Field,
    Kind,
    Outcome,
    SettlementForm,
    Status,
)
from petitions.lookup import new_lookup_code
from portal.models import AdministrativeUnit, Agency, Person, ScopedQuerySet, UnitAncestry
from portal.text import fold

ANCESTRY_FIELDS = {"province": "province", "district": "district", "commune": "unit"}  # UnitAncestry's


class CaseQuerySet(ScopedQuerySet):
    unit_field = "unit"
    level_fields = ANCESTRY_FIELDS


class Case(UnitAncestry):
    """A matter (vụ việc): every petition belongs to one; resolution metrics count cases.

    Settlement facts are copied from the case's lead petition (the one accepted for settlement)
    so that reports aggregate one row per case.
    """

    # Unique per unit, not nationwide: a number taken in another province must not refuse an
    # import here, or the refusal would tell the importer that the number exists (DOMAIN R2.17).
    code = models.CharField(_("mã vụ việc"), max_length=40, db_index=True)
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("nội dung tóm tắt"), max_length=255)
    lead_petition = models.ForeignKey(
        "Petition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("đơn chính"),
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    within_authority = models.BooleanField(_("thuộc thẩm quyền"), default=False)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    settlement_due = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    settled_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    # Where the case is counted: the unit of the petition whose facts it copies (its lead), with that unit's
    # province and district, copied with the facts (case_sync) so that a report reads its cases alone.
    lead_unit = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    lead_province = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    lead_district = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "accepted_on"]),
            models.Index(fields=["unit", "settled_on"]),
            # The cases counted in a subtree, along their due date (the dashboard's overdue panel, a report's pass).
            models.Index(fields=["lead_province", "settlement_due"], name="case_lead_province_due"),
            models.Index(fields=["lead_district", "settlement_due"], name="case_lead_district_due"),
            models.Index(fields=["lead_unit", "settlement_due"], name="case_lead_unit_due"),
        ]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="case_code_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"


class PetitionQuerySet(ScopedQuerySet):
    unit_field = "unit"
    level_fields = ANCESTRY_FIELDS

    def open(self) -> PetitionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def identity_visible_q(self, user) -> Q:
        """Rows whose petitioner identity `user` may see (see petitions.identity)."""
        from petitions.identity import PETITION

        return PETITION.q(user)


class Petition(UnitAncestry):
    """A petition (đơn) received by a unit: its classification, outcome, deadlines and settlement."""

    # Unique per receiving unit (see Case.code): portal numbers carry the unit code anyway.
    register_number = models.CharField(_("số đăng ký"), max_length=40, db_index=True)
    # Printed on the receipt with the register number: with both, anyone follows the petition's stage
    # (petitions.lookup). Renewing it stops the old one working.
    lookup_code = models.CharField(_("mã tra cứu"), max_length=8, default=new_lookup_code, editable=False)
    case = models.ForeignKey(Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="petitions")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn lần đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="second_round",
        help_text=_("Khiếu nại lần hai gắn với đơn lần đầu."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    receiving_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_petitions",
    )
    handling_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="handled_petitions",
    )
    kind = models.CharField(_("loại đơn"), max_length=20, choices=Kind.choices)
    round = models.PositiveSmallIntegerField(_("lần"), default=1, help_text=_("Khiếu nại lần đầu hay lần hai."))
    channel = models.CharField(_("nguồn đơn"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("ngày nhận"))
    summary = models.CharField(_("tóm tắt nội dung"), max_length=255)
    content = models.TextField(_("nội dung"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices, default=Field.OTHER)
    subfield = models.CharField(
        _("nội dung cụ thể"), max_length=40, blank=True, help_text=_("Mục con của lĩnh vực, theo danh mục dùng chung.")
    )
    is_anonymous = models.BooleanField(_("đơn nặc danh, mạo danh"), default=False)
    has_specific_evidence = models.BooleanField(
        _("nêu rõ người vi phạm, có chứng cứ cụ thể"),
        default=False,
        help_text=_("Đơn tố cáo nặc danh chỉ được xem xét khi có chứng cứ cụ thể."),
    )
    qualified = models.BooleanField(_("đủ điều kiện xử lý"), null=True, blank=True)
    unqualified_reason = models.CharField(_("lý do không đủ điều kiện"), max_length=255, blank=True)
    within_authority = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    outcome = models.CharField(_("kết quả xử lý đơn"), max_length=20, choices=Outcome.choices, blank=True)
    transferred_to = models.ForeignKey(
        Agency,
        verbose_name=_("chuyển đến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transfer_reply_on = models.DateField(_("ngày nhận văn bản phúc đáp"), null=True, blank=True)
    transfer_reply_note = models.CharField(_("nội dung phúc đáp"), max_length=500, blank=True)
    complexity = models.CharField(_("tính chất"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    status_before_pause = models.CharField(max_length=20, choices=Status.choices, blank=True)

    classified_on = models.DateField(_("ngày phân loại"), null=True, blank=True)
    processed_on = models.DateField(_("ngày xử lý đơn"), null=True, blank=True)
    notice_sent_on = models.DateField(_("ngày thông báo kết quả xử lý đơn"), null=True, blank=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    settled_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    settlement_form = models.CharField(
        _("hình thức giải quyết"), max_length=20, choices=SettlementForm.choices, blank=True
    )
    settlement_decision_no = models.CharField(_("số quyết định, kết luận"), max_length=60, blank=True)
    result = models.CharField(
        _("kết quả giải quyết khiếu nại"), max_length=20, choices=ComplaintResult.choices, blank=True
    )
    recovered_money = models.DecimalField(
        _("kiến nghị thu hồi tiền (triệu đồng)"), max_digits=14, decimal_places=2, default=0
    )
    recovered_land_m2 = models.DecimalField(_("kiến nghị thu hồi đất (m²)"), max_digits=14, decimal_places=1, default=0)
    returned_money = models.DecimalField(
        _("trả lại cho người dân (triệu đồng)"), max_digits=14, decimal_places=2, default=0
    )
    returned_land_m2 = models.DecimalField(_("trả lại đất (m²)"), max_digits=14, decimal_places=1, default=0)
    people_disciplined = models.PositiveIntegerField(_("số người bị xử lý kỷ luật"), default=0)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)

    # Deadlines computed by petitions.deadlines, each with the rule and the steps that produced it.
    deadlines = models.JSONField(default=dict, blank=True, editable=False)
    notice_due = models.DateField(_("hạn thông báo"), null=True, blank=True, editable=False)
    acceptance_due = models.DateField(_("hạn thụ lý"), null=True, blank=True, editable=False)
    settlement_due = models.DateField(_("hạn giải quyết"), null=True, blank=True, editable=False)
    deadline = models.DateField(_("hạn hiện tại"), null=True, blank=True, editable=False, db_index=True)
    overdue_since = models.DateField(_("quá hạn từ"), null=True, blank=True, editable=False)

    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ được giao"),
        blank=True,
        related_name="assigned_petitions",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "received_on"]),
            # The register's order: a page of a province's millions is read along it, not sorted.
            models.Index(fields=["received_on", "id"], name="petition_register_order"),
            # ... and a province's or a district's register, in that order (scope and drill-down: UnitAncestry).
            models.Index(fields=["province", "received_on", "id"], name="petition_province_order"),
            models.Index(fields=["district", "received_on", "id"], name="petition_district_order"),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["register_number", "lookup_code"], name="petition_lookup"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="petition_round_1_or_2"),
            models.UniqueConstraint(fields=["unit", "register_number"], name="petition_number_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.register_number} · {self.summary}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.register_number} {self.summary} {self.content}")
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.round == 2 and self.kind != Kind.COMPLAINT:
            errors["round"] = _("Chỉ đơn khiếu nại mới có lần hai.")
        if self.outcome == Outcome.TRANSFERRED and not self.transferred_to_id:
            errors["transferred_to"] = _("Hãy chọn cơ quan nhận đơn chuyển.")
        if self.qualified is False and not self.unqualified_reason:
            errors["unqualified_reason"] = _("Hãy ghi lý do đơn không đủ điều kiện xử lý.")
        for date_field in ("accepted_on", "settled_on", "processed_on", "classified_on"):
            value = getattr(self, date_field)
            if value and self.received_on and value < self.received_on:
                errors[date_field] = _("Ngày này không thể trước ngày nhận đơn.")
        if self.settled_on and self.accepted_on and self.settled_on < self.accepted_on:
            errors["settled_on"] = _("Ngày giải quyết không thể trước ngày thụ lý.")
        if errors:
            raise ValidationError(errors)

    @property
    def pseudonym(self) -> str:
        """A stable code that stands for a denouncer whose identity the reader may not see."""
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:petitioner:{self.pk}".encode()).hexdigest()
        return f"NTC-{digest[:6].upper()}"

    @property
    def is_confidential(self) -> bool:
        from petitions.identity import is_confidential

        return is_confidential(self.kind)


class PetitionChildQuerySet(ScopedQuerySet):
    """Rows that belong to one petition (its people, documents, proposals, ...): scoped by its unit."""

    unit_field = "petition__unit"
    level_fields = {level: f"petition__{field}" for level, field in ANCESTRY_FIELDS.items()}


class Petitioner(Person):
    """A person who filed the petition; several for a group petition."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="petitioners")

    objects = PetitionChildQuerySet.as_manager()
    identity_owner = "petition"

    class Meta(Person.Meta):
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")

    def identity_confidential(self) -> bool:
        return self.petition.is_confidential


class Extension(models.Model):
    """A lawful extension of a denunciation's settlement deadline, each with its decision."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("số ngày gia hạn"))
    decision_no = models.CharField(_("số quyết định gia hạn"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    reason = models.CharField(_("lý do"), max_length=255, blank=True)

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("gia hạn giải quyết")
        verbose_name_plural = _("gia hạn giải quyết")
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision_no} (+{self.days})"


class Pause(models.Model):
    """A temporary suspension (tạm đình chỉ); from 1 Jul 2026 its days do not count toward the deadline."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=255)
    decision_no = models.CharField(_("số quyết định"), max_length=60, blank=True)

    objects = PetitionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tạm đình chỉ")
        verbose_name_plural = _("tạm đình chỉ")
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.started_on} – {self.ended_on or '…'}"


class SavedFilter(models.Model):
    """A named petition list query an official comes back to."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("tên bộ lọc"), max_length=80)
    querystring = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bộ lọc đã lưu")
        verbose_name_plural = _("bộ lọc đã lưu")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name


class RegisterCounter(models.Model):
    """Last register number given out by a receiving unit in a year (locked while numbering)."""

    unit = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="register_counter_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last_number}"
