"""Citizens named on records, agencies, and officials' accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import ETHNICITY_CHOICES, AgencyKind, Role
from portal.models.units import AdministrativeUnit, ScopedQuerySet
from portal.text import fold


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
