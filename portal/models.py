"""Organisation structure and accounts: administrative units, agencies, officials, audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import CODE_WIDTH, ETHNICITY_CHOICES, AgencyKind, Generation, Level, Role
from portal.text import fold


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which field leads to the administrative unit of its rows.

    `visible_to(user)` is the only row-level access rule in the portal (see portal.scoping).
    """

    unit_field = "unit"

    def visible_to(self, user) -> ScopedQuerySet:
        from portal.scoping import unit_scope_q

        return self.filter(unit_scope_q(user, self.unit_field))


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: AdministrativeUnit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)

    def search(self, text: str) -> UnitQuerySet:
        return self.filter(search_name__contains=fold(text))


class AdministrativeUnit(models.Model):
    """A province, district or commune of one generation of Vietnam's administrative map.

    Both maps live side by side: the three-level one before 1 July 2025 and the two-level one
    from then on. `path` ("legacy/06/058/01933/") makes "this unit and everything under it" one
    indexed prefix match, on SQLite and PostgreSQL alike.
    """

    generation = models.CharField(_("thế hệ bản đồ"), max_length=8, choices=Generation.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.CharField(_("mã"), max_length=5, help_text=_("Mã chính thức, có số 0 ở đầu."))
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại đơn vị"), max_length=40, blank=True)
    codename = models.CharField(max_length=120, blank=True)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=40, unique=True, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    remote_area = models.BooleanField(
        _("vùng sâu, vùng xa"),
        default=False,
        help_text=_("Thời hạn giải quyết khiếu nại dài hơn ở vùng sâu, vùng xa."),
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["generation", "path"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "level", "code"], name="unit_unique_code"),
        ]
        indexes = [models.Index(fields=["generation", "level", "code"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        self.path = self.build_path()
        super().save(*args, **kwargs)

    @staticmethod
    def pad_code(level: str, code: str | int) -> str:
        """Official codes are zero-padded; the API accepts them without padding too."""
        return str(code).strip().zfill(CODE_WIDTH[Level(level)])

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else f"{self.generation}/"
        return f"{prefix}{self.code}/"

    @property
    def full_name(self) -> str:
        names, unit = [], self
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return ", ".join(names)

    def ancestors(self) -> list[AdministrativeUnit]:
        """The chain from the province down to this unit's parent, in one query."""
        parts = self.path.strip("/").split("/")
        prefixes = ["/".join(parts[: i + 1]) + "/" for i in range(1, len(parts) - 1)]
        return list(AdministrativeUnit.objects.filter(path__in=prefixes).order_by("path"))

    def contains(self, other: AdministrativeUnit) -> bool:
        return other.path.startswith(self.path)


class UnitSuccession(models.Model):
    """A legacy unit's territory went (wholly or in part) to a unit of the 2025 map."""

    predecessor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_links_out")
    successor = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_links_in")
    partial = models.BooleanField(
        _("chia tách"), default=False, help_text=_("Đơn vị cũ được chia cho nhiều đơn vị mới.")
    )

    class Meta:
        verbose_name = _("liên kết kế thừa đơn vị")
        verbose_name_plural = _("liên kết kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Person(models.Model):
    """A citizen named on a record (a petitioner, a visitor); names are folded for accent-free search."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    id_number = models.CharField(_("số CCCD/CMND"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, blank=True)
    nationality = models.CharField(_("quốc tịch"), max_length=60, default="Việt Nam", blank=True)
    search_name = models.CharField(max_length=150, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-is_representative", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class AgencyQuerySet(ScopedQuerySet):
    unit_field = "unit"

    def search(self, text: str) -> AgencyQuerySet:
        folded = fold(text)
        return self.filter(Q(search_name__contains=folded) | Q(short_name__icontains=text))


class Agency(models.Model):
    """A body that receives citizens or handles petitions: a People's Committee, department, office."""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=24, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thủ trưởng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_agencies",
        help_text=_("Thủ trưởng được xem danh tính người tố cáo trong các vụ việc cơ quan giải quyết."),
    )
    search_name = models.CharField(max_length=200, editable=False, db_index=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["unit__path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class OfficialQuerySet(ScopedQuerySet):
    unit_field = "agency__unit"


class OfficialManager(UserManager.from_queryset(OfficialQuerySet)):
    pass


class User(AbstractUser):
    """An official's account, tied to the agency they work for; roles are Django groups."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    objects = OfficialManager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def scope_unit(self) -> AdministrativeUnit | None:
        """The root of the subtree this official may see (None: nothing, unless superuser)."""
        return self.agency.unit if self.agency_id else None

    @property
    def role_keys(self) -> set[str]:
        if not hasattr(self, "_role_keys"):
            # .all() reuses prefetch_related("groups") on lists, so a page of officials costs one query
            self._role_keys = {group.name for group in self.groups.all()}
        return self._role_keys

    def has_role(self, role: Role | str) -> bool:
        return self.is_superuser or str(role) in self.role_keys

    @property
    def roles(self) -> list[Role]:
        return [role for role in Role if role.value in self.role_keys]


class AuditEventQuerySet(ScopedQuerySet):
    unit_field = "unit"


class AuditEvent(models.Model):
    """Who did what to which record, and when; written in the same transaction as the change."""

    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("hành động"), max_length=64, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    before = models.CharField(_("trước"), max_length=64, blank=True)
    after = models.CharField(_("sau"), max_length=64, blank=True)
    payload = models.JSONField(_("chi tiết"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"


class WorkerHeartbeat(models.Model):
    """Last time a background worker proved it runs tasks (shown on /health/)."""

    name = models.CharField(max_length=50, unique=True)
    seen_at = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhịp tiến trình nền")
        verbose_name_plural = _("nhịp tiến trình nền")

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"


class CalendarDay(models.Model):
    """An exception to the national holiday calendar: a swapped day off or a make-up working day.

    The `holidays` package knows Tết, Hùng Kings' day, substituted days and make-up Saturdays;
    ad-hoc Government decisions are added here by an administrator (DOMAIN R8.4).
    """

    date = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(_("là ngày làm việc"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class NotificationQuerySet(ScopedQuerySet):
    unit_field = "recipient__agency__unit"  # the inbox itself is the recipient's own (`recipient=user`)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in an official's portal inbox (overdue cases, returned proposals, ...).

    `dedupe_key` makes sending idempotent: a sweep that runs twice notifies once.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(max_length=64)
    message = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="notification_unique_per_recipient"),
        ]

    def __str__(self) -> str:
        return self.message


class CatalogQuerySet(models.QuerySet):
    def in_force(self, catalog: str, on=None) -> CatalogQuerySet:
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(catalog=catalog, is_active=True).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class CatalogEntry(models.Model):
    """An entry of a list administrators maintain (verification steps, petition sources, ...), with dates.

    A retired entry keeps its code so that old records still read correctly.
    """

    class Catalog(models.TextChoices):
        VERIFICATION_STEP = "verification_step", _("Bước xác minh")
        PETITION_SOURCE = "petition_source", _("Nguồn đơn")
        CONTENT_FIELD = "content_field", _("Lĩnh vực, nội dung đơn")
        DOCUMENT_TYPE = "document_type", _("Loại tài liệu")
        RESULT_TYPE = "result_type", _("Loại kết quả giải quyết")
        REFUSAL_GROUND = "refusal_ground", _("Căn cứ từ chối tiếp công dân")

    catalog = models.CharField(_("danh mục"), max_length=30, choices=Catalog.choices)
    code = models.SlugField(_("mã"), max_length=40)
    label = models.CharField(_("tên"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc mục"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục danh mục")
        verbose_name_plural = _("danh mục dùng chung")
        ordering = ["catalog", "order", "label"]
        constraints = [models.UniqueConstraint(fields=["catalog", "code"], name="catalog_entry_unique_code")]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from portal.catalogs import forget_labels

        forget_labels(self.catalog)  # pages read labels from the cache
