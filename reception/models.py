"""Citizen reception: sessions (buổi tiếp), visits (lượt tiếp), the heads' published schedules."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.choices import Field, Kind
from petitions.identity import is_confidential
from portal.models import AdministrativeUnit, Agency, Person, ScopedQuerySet
from reception.choices import (
    DELEGATION_MIN_PEOPLE,
    MAX_REPRESENTATIVES,
    ONLINE_RECEPTION_FROM,
    AdhocReason,
    Place,
    ReceivedBy,
    RefusalGround,
    SessionKind,
    VisitAction,
)


class SessionQuerySet(ScopedQuerySet):
    unit_field = "unit"


class ReceptionSession(models.Model):
    """One reception session of an agency: who received citizens, when, where, and in what capacity."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="reception_sessions"
    )
    date = models.DateField(_("ngày tiếp"))
    start_time = models.TimeField(_("từ giờ"), null=True, blank=True)
    end_time = models.TimeField(_("đến giờ"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=20, choices=Place.choices, default=Place.HEADQUARTERS)
    kind = models.CharField(_("hình thức tiếp"), max_length=20, choices=SessionKind.choices)
    received_by = models.CharField(_("người tiếp"), max_length=20, choices=ReceivedBy.choices)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ tiếp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receiver_name = models.CharField(_("họ tên, chức vụ người tiếp"), max_length=200)
    adhoc_reason = models.CharField(_("lý do tiếp đột xuất"), max_length=30, choices=AdhocReason.choices, blank=True)
    participants = models.TextField(
        _("thành phần tham gia"), blank=True, help_text=_("Đại diện cơ quan chuyên môn, Mặt trận Tổ quốc, đoàn thể...")
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("buổi tiếp công dân")
        ordering = ["-date", "-start_time", "-id"]
        indexes = [models.Index(fields=["unit", "date"]), models.Index(fields=["agency", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.agency}"

    def clean(self):
        errors = {}
        head_kinds = (SessionKind.PERIODIC, SessionKind.ADHOC)
        if self.kind == SessionKind.ADHOC and not self.adhoc_reason:
            errors["adhoc_reason"] = _("Tiếp đột xuất phải nêu lý do (Điều 18 khoản 3 Luật Tiếp công dân).")
        if self.kind in head_kinds and self.received_by == ReceivedBy.STAFF:
            errors["received_by"] = _("Tiếp định kỳ, đột xuất do thủ trưởng trực tiếp tiếp hoặc ủy quyền.")
        if self.kind == SessionKind.REGULAR and self.received_by == ReceivedBy.HEAD:
            errors["kind"] = _("Thủ trưởng trực tiếp tiếp thì chọn hình thức định kỳ hoặc đột xuất.")
        if self.place == Place.ONLINE and self.date and self.date < ONLINE_RECEPTION_FROM:
            errors["place"] = _("Tiếp công dân trực tuyến chỉ áp dụng từ ngày 01/7/2026.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        if errors:
            raise ValidationError(errors)

    @property
    def counts_for_head(self) -> bool:
        """Only the head's own sessions (periodic or ad hoc) meet the personal reception duty."""
        return self.received_by == ReceivedBy.HEAD


class VisitQuerySet(ScopedQuerySet):
    unit_field = "session__unit"


class ReceptionVisit(models.Model):
    """One visit (lượt tiếp): a citizen or a group, their matter, and what was done with it."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="visits")
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    is_delegation = models.BooleanField(_("đoàn đông người"), default=False, editable=False)
    representatives = models.PositiveSmallIntegerField(_("số người đại diện"), default=0)
    first_visit = models.BooleanField(
        _("tiếp lần đầu"), default=True, help_text=_("Bỏ chọn nếu công dân đã đến về cùng nội dung.")
    )
    kind = models.CharField(_("loại việc"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices, default=Field.OTHER)
    content = models.TextField(_("nội dung"))
    action = models.CharField(_("kết quả tiếp"), max_length=20, choices=VisitAction.choices)
    guided_to = models.ForeignKey(
        Agency, verbose_name=_("hướng dẫn đến"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_ground = models.CharField(_("căn cứ từ chối"), max_length=20, choices=RefusalGround.choices, blank=True)
    refusal_notice_no = models.CharField(_("số thông báo từ chối"), max_length=60, blank=True)
    refusal_notice_on = models.DateField(_("ngày thông báo từ chối"), null=True, blank=True)
    petition = models.OneToOneField(
        "petitions.Petition",
        verbose_name=_("đơn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reception_visit",
    )
    notes = models.CharField(_("ghi chú"), max_length=500, blank=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tiếp")
        verbose_name_plural = _("lượt tiếp")
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.is_delegation = self.people_count >= DELEGATION_MIN_PEOPLE
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.people_count < 1:
            errors["people_count"] = _("Lượt tiếp có ít nhất 1 người.")
        if self.representatives > MAX_REPRESENTATIVES:
            errors["representatives"] = _("Đoàn đông người cử không quá 5 người đại diện.")
        if self.representatives > self.people_count:
            errors["representatives"] = _("Số người đại diện không thể nhiều hơn số người.")
        if self.people_count >= DELEGATION_MIN_PEOPLE and self.representatives < 1:
            errors["representatives"] = _("Đoàn từ 5 người trở lên phải cử người đại diện.")
        if self.action == VisitAction.REFUSED:
            if not self.refusal_ground:
                errors["refusal_ground"] = _("Từ chối tiếp phải nêu căn cứ theo Điều 9 Luật Tiếp công dân.")
            if self.refusal_ground == RefusalGround.SETTLED_REPEAT and not self.refusal_notice_no:
                errors["refusal_notice_no"] = _(
                    "Vụ việc đã giải quyết đúng pháp luật: phải có Thông báo từ chối tiếp do thủ trưởng ký."
                )
        elif self.refusal_ground:
            errors["refusal_ground"] = _("Chỉ ghi căn cứ từ chối khi từ chối tiếp.")
        if self.action == VisitAction.GUIDED and not self.guided_to_id:
            errors["guided_to"] = _("Hãy chọn cơ quan có thẩm quyền đã hướng dẫn công dân đến.")
        if errors:
            raise ValidationError(errors)


class VisitCitizenQuerySet(ScopedQuerySet):
    unit_field = "visit__session__unit"


class VisitCitizen(Person):
    """A citizen of a visit (several for a group)."""

    visit = models.ForeignKey(ReceptionVisit, on_delete=models.CASCADE, related_name="citizens")

    objects = VisitCitizenQuerySet.as_manager()
    identity_owner = "visit"

    class Meta(Person.Meta):
        verbose_name = _("công dân đến")
        verbose_name_plural = _("công dân đến")

    def identity_confidential(self) -> bool:
        """A denouncer met at reception is kept like one who wrote (petitions/identity.py, VISIT)."""
        return is_confidential(self.visit.kind)


class ScheduleQuerySet(ScopedQuerySet):
    unit_field = "agency__unit"


class ReceptionSchedule(models.Model):
    """A planned reception day of an agency's head, published on the public page (Decree 64/2014 art. 4)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="reception_schedule"
    )
    date = models.DateField(_("ngày"))
    start_time = models.TimeField(_("từ giờ"))
    end_time = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=255)
    receiver_name = models.CharField(
        _("người tiếp"), max_length=200, help_text=_("Ví dụ: Chủ tịch UBND xã Nguyễn Văn A.")
    )
    is_public = models.BooleanField(_("công bố công khai"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), auto_now_add=True, null=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["date", "start_time"]
        constraints = [models.UniqueConstraint(fields=["agency", "date", "start_time"], name="schedule_unique_slot")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.agency}"

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Giờ kết thúc phải sau giờ bắt đầu.")})


class ReceptionInfo(models.Model):
    """What an agency posts publicly: reception place, hours and rules (nội quy)."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="reception_info")
    place = models.CharField(_("nơi tiếp công dân"), max_length=255)
    hours = models.CharField(_("thời gian tiếp"), max_length=255)
    rules = models.TextField(_("nội quy tiếp công dân"), blank=True)
    # The date the public pages show beside the rules (what a unit publishes is dated: Law 104/2016).
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True, null=True)

    objects = ScheduleQuerySet.as_manager()  # scoped through the agency's unit, like its schedule

    class Meta:
        verbose_name = _("thông tin tiếp công dân")
        verbose_name_plural = _("thông tin tiếp công dân")

    def __str__(self) -> str:
        return str(self.agency)
