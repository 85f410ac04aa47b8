"""Registered models, their querysets, forces, documents and self-assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from models_registry.choices import CollectiveKind, DocumentKind, Field, ForceRole, OwnerKind, Status
from models_registry.models.fields import NON_NEGATIVE, POINTS
from models_registry.models.programmes import Criterion, Round
from portal.models import AdministrativeUnit, Agency, ScopedQuerySet
from portal.text import fold


class ModelQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> ModelQuerySet:
        from models_registry.scoping import model_scope_q

        return self.filter(model_scope_q(user))

    def search(self, text: str) -> ModelQuerySet:
        folded = fold(text)
        return self.filter(models.Q(search_name__contains=folded) | models.Q(owner_name__icontains=text))


class MobilizationModel(models.Model):
    """A registered model: who owns it, the ten elements of its registration, and where it stands."""

    round = models.ForeignKey(Round, verbose_name=_("đợt đăng ký"), on_delete=models.PROTECT, related_name="models")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    registering_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan đăng ký"), on_delete=models.PROTECT, related_name="registered_models"
    )
    name = models.CharField(_("tên mô hình"), max_length=300)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    owner_kind = models.CharField(_("tập thể hay cá nhân"), max_length=10, choices=OwnerKind.choices)
    collective_kind = models.CharField(_("loại tập thể"), max_length=20, choices=CollectiveKind.choices, blank=True)
    owner_name = models.CharField(
        _("chủ thể"), max_length=200, help_text=_("Tên tập thể, hoặc họ tên cá nhân điển hình.")
    )
    owner_position = models.CharField(_("chức vụ, nghề nghiệp"), max_length=200, blank=True)
    owner_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chủ thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_models",
        help_text=_("Khi chủ thể là một cơ quan có trong hệ thống."),
    )
    address = models.CharField(_("địa chỉ thực hiện"), max_length=255, blank=True)
    # The ten elements of a registration (R4.8).
    situation = models.TextField(_("thực trạng và lý do xây dựng"), blank=True)
    goals = models.TextField(_("mục tiêu và tiêu chí đánh giá"), blank=True)
    content = models.TextField(_("nội dung và cách làm"), blank=True)
    target_area = models.TextField(_("địa bàn và đối tượng"), blank=True)
    resources = models.TextField(_("nguồn lực (cơ sở vật chất, đóng góp xã hội hóa)"), blank=True)
    resources_money = models.DecimalField(
        _("kinh phí (đồng)"), max_digits=15, decimal_places=0, null=True, blank=True, validators=NON_NEGATIVE
    )
    labour_days = models.PositiveIntegerField(_("ngày công"), null=True, blank=True)
    starts_on = models.DateField(_("thời gian bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("thời gian kết thúc"), null=True, blank=True)
    timeline = models.TextField(_("tiến độ thực hiện"), blank=True)
    outputs = models.TextField(_("sản phẩm, kết quả kiểm chứng được"), blank=True)
    replication_plan = models.TextField(_("khả năng nhân rộng"), blank=True)

    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(_("lý do"), blank=True, help_text=_("Lý do trả lại hoặc rút."))
    registered_on = models.DateField(_("ngày đăng ký"), null=True, blank=True)
    recognized_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    typical_on = models.DateField(_("ngày chọn tiêu biểu"), null=True, blank=True)
    replicates = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ mô hình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replications",
    )

    # The council's result, kept by the services each time a member submits a score sheet.
    score = models.DecimalField(_("điểm tổng hợp"), **POINTS, null=True, blank=True)
    score_spread = models.DecimalField(_("độ chênh"), **POINTS, null=True, blank=True)
    score_flagged = models.BooleanField(_("chênh lệch lớn"), default=False)
    mandatory_failed = models.BooleanField(_("không đạt tiêu chí bắt buộc"), default=False)
    scores_submitted = models.PositiveSmallIntegerField(_("số phiếu đã chấm"), default=0)
    council_rank = models.PositiveIntegerField(_("xếp hạng của hội đồng"), null=True, blank=True)

    # The public showcase shows only what was approved for publication.
    is_published = models.BooleanField(_("công khai"), default=False)
    public_summary = models.TextField(_("tóm tắt công khai"), blank=True)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["-round__year", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["round", "status"]),
            models.Index(fields=["registering_agency", "status"]),
            models.Index(fields=["registered_on"]),
            models.Index(fields=["recognized_on"]),
            models.Index(fields=["typical_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


# What a registrant fills in (the owner and the ten elements), in the form's order: the services take these in
# `data`, and the form and the API offer them.
REGISTRATION_FIELDS = (
    "name",
    "field",
    "owner_kind",
    "collective_kind",
    "owner_name",
    "owner_position",
    "owner_agency",
    "address",
    "situation",
    "goals",
    "content",
    "target_area",
    "resources",
    "resources_money",
    "labour_days",
    "starts_on",
    "ends_on",
    "timeline",
    "outputs",
    "replication_plan",
)


class ModelChildQuerySet(ScopedQuerySet):
    def visible_to(self, user) -> ModelChildQuerySet:
        from models_registry.scoping import model_scope_q

        return self.filter(model__in=MobilizationModel.objects.filter(model_scope_q(user)).values("pk"))


class ModelForce(models.Model):
    """A force taking part in a model: who leads, who coordinates, who participates, and their task."""

    model = models.ForeignKey(MobilizationModel, on_delete=models.CASCADE, related_name="forces")
    role = models.CharField(_("vai trò"), max_length=15, choices=ForceRole.choices)
    name = models.CharField(_("lực lượng, tổ chức"), max_length=200)
    task = models.CharField(_("nhiệm vụ"), max_length=300, blank=True)

    objects = ModelChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("lực lượng tham gia")
        verbose_name_plural = _("lực lượng tham gia")
        ordering = ["model", "role", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


def _document_path(instance: ModelDocument, filename: str) -> str:
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"models/{instance.model_id}/{uuid.uuid4().hex}.{extension}"


class ModelDocument(models.Model):
    """A document, photo or piece of evidence of a model; served only through a scoped view."""

    model = models.ForeignKey(MobilizationModel, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.DOCUMENT)
    title = models.CharField(_("tên tài liệu"), max_length=200)
    file = models.FileField(_("tệp"), upload_to=_document_path, max_length=255)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    for_publication = models.BooleanField(_("dùng khi công khai"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ModelChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu mô hình")
        verbose_name_plural = _("tài liệu mô hình")
        ordering = ["model", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class SelfAssessment(models.Model):
    """The registrant's statement of how the model meets one criterion, with its evidence or why there is none."""

    model = models.ForeignKey(MobilizationModel, on_delete=models.CASCADE, related_name="self_assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="self_assessments")
    statement = models.TextField(_("mức độ đáp ứng"))
    evidence = models.ForeignKey(
        ModelDocument,
        verbose_name=_("minh chứng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    evidence_note = models.CharField(_("minh chứng khác (số văn bản, đường dẫn)"), max_length=300, blank=True)
    missing_evidence_reason = models.TextField(_("lý do chưa có minh chứng"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ModelChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tự đánh giá")
        verbose_name_plural = _("tự đánh giá")
        ordering = ["model", "criterion__order", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["model", "criterion"], name="self_assessment_once")]

    def __str__(self) -> str:
        return f"{self.model} · {self.criterion}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_id or self.evidence_note.strip())
