"""Citizens named on records, agencies, and officials' accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.choices import ETHNICITY_CHOICES, AgencyKind, Role
from portal.encryption import DIGEST_LENGTH, EncryptedTextField, id_digest, name_digest, normal_name
from portal.models.units import AdministrativeUnit, ScopedQuerySet
from portal.text import fold


class Person(models.Model):
    """A citizen named on a record (a petitioner, a visitor).

    The identity (name, ID number, address, phone) is encrypted at rest; exact look-ups go through keyed
    digests, and the folded `search_name` that substring search reads is kept only for people whose
    identity is not confidential: a denouncer is found by exact name or ID number only (docs/security.md).
    """

    full_name = EncryptedTextField(_("họ và tên"), max_length=150)
    id_number = EncryptedTextField(_("số CCCD/CMND"), max_length=20, blank=True)
    address = EncryptedTextField(_("địa chỉ"), max_length=255, blank=True)
    phone = EncryptedTextField(_("điện thoại"), max_length=20, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, blank=True)
    nationality = models.CharField(_("quốc tịch"), max_length=60, default="Việt Nam", blank=True)
    search_name = models.CharField(max_length=150, editable=False, db_index=True, blank=True)
    name_digest = models.CharField(max_length=DIGEST_LENGTH, editable=False, db_index=True, blank=True)
    id_digest = models.CharField(max_length=DIGEST_LENGTH, editable=False, db_index=True, blank=True)

    # the related record whose kind decides whether the identity is confidential ("petition", "visit")
    identity_owner = ""

    class Meta:
        abstract = True
        ordering = ["-is_representative", "id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        index_identity(self, confidential=self.identity_confidential())
        super().save(*args, **kwargs)

    def identity_confidential(self) -> bool:
        """Whether this person's identity is kept secret (a denouncer); the concrete models say."""
        return False


IDENTITY_INDEX_FIELDS = ("search_name", "name_digest", "id_digest")


def index_identity(person: Person, *, confidential: bool) -> Person:
    """Set the look-up columns from the identity; every writer of people calls it (save, bulk inserts).

    The digests find anyone by exact name or ID number; the plain folded name, which substring search
    needs, is left empty for a confidential identity so that no denouncer's name is stored readable.
    """
    person.search_name = "" if confidential else normal_name(person.full_name)[:150]
    person.name_digest = name_digest(person.full_name)
    person.id_digest = id_digest(person.id_number)
    return person


def reindex_people(people: models.QuerySet, *, batch_size: int = 1000) -> int:
    """Recompute the look-up columns of these people (after a kind changes, or a new IDENTITY_HASH_KEY);
    returns how many changed. Batches by id, each read whole before it is written."""
    model = people.model
    related = [model.identity_owner] if model.identity_owner else []
    changed, last = 0, 0
    while batch := list(people.select_related(*related).filter(pk__gt=last).order_by("pk")[:batch_size]):
        stale = []
        for person in batch:
            before = tuple(getattr(person, name) for name in IDENTITY_INDEX_FIELDS)
            index_identity(person, confidential=person.identity_confidential())
            if tuple(getattr(person, name) for name in IDENTITY_INDEX_FIELDS) != before:
                stale.append(person)
        model.objects.bulk_update(stale, IDENTITY_INDEX_FIELDS)
        changed, last = changed + len(stale), batch[-1].pk
    return changed


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
