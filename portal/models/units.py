"""Administrative units of both generations of the map, their successions, and unit-scoped querysets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import CODE_WIDTH, Generation, Level, Region
from portal.text import fold


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which field leads to the administrative unit of its rows.

    `visible_to(user)` is the only row-level access rule in the portal (see portal.scoping).
    """

    unit_field = "unit"
    # Where the rows carry their unit's ancestors (UnitAncestry): the field holding the ancestor at each level,
    # so that "the subtree of a province" is one indexed equality instead of a join on the units' paths.
    level_fields: dict[str, str] | None = None

    def visible_to(self, user) -> ScopedQuerySet:
        from portal.scoping import unit_scope_q

        return self.filter(unit_scope_q(user, self.unit_field, self.level_fields))

    def in_subtree(self, unit: AdministrativeUnit) -> ScopedQuerySet:
        """The rows of `unit` and of every unit under it."""
        from portal.scoping import subtree_q

        return self.filter(subtree_q(unit, self.unit_field, self.level_fields))


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

    def ancestry(self) -> tuple[int, int | None]:
        """(province id, district id or None): the unit itself at its own level, its ancestors above it."""
        if self.level == Level.PROVINCE:
            return self.pk, None
        if self.level == Level.DISTRICT:
            return self.parent_id, self.pk
        parent = self.parent
        if parent.level == Level.DISTRICT:
            return parent.parent_id, parent.pk
        return parent.pk, None


class UnitAncestry(models.Model):
    """The province and the district (legacy map) of a row's `unit`, kept beside it on the big tables (petitions,
    cases): an official's scope and a dashboard's drill-down are then one indexed equality (`province = 7`), read
    along an index that also gives the list's order, instead of a join on the units' paths over a country's rows
    (docs/performance.md). Set on every save from `unit`; bulk writers set them from `unit_ancestries`."""

    province = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )
    district = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False, null=True, db_index=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.province_id is None or getattr(self, "_ancestry_of", None) != self.unit_id:
            self.province_id, self.district_id = self.unit.ancestry()
            self._ancestry_of = self.unit_id
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "province", "district"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        row = super().from_db(db, field_names, values, **kwargs)
        row._ancestry_of = row.__dict__.get("unit_id")  # what the stored ancestors are of
        return row


def unit_ancestries(unit_ids) -> dict[int, tuple[int, int | None]]:
    """{unit id: (province id, district id)} for bulk writers, in one query."""
    units = AdministrativeUnit.objects.filter(pk__in=list(unit_ids)).select_related("parent")
    return {unit.pk: unit.ancestry() for unit in units}


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


class UnitStatus(models.Model):
    """What a decision says a unit is from a date: its region, the kinds of area it lies in, whether it is remote.

    The lists change by decision (Decision 861/QĐ-TTg lists region III communes for 2021–2025) and by
    mergers, so each row runs from `valid_from` until the next row of the unit begins (`valid_to`, kept
    by portal.unit_status). The row in force today decides the unit's `remote_area` flag, which the
    petitions deadline engine reads.
    """

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="statuses"
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True, editable=False)
    region = models.CharField(_("khu vực"), max_length=3, choices=Region.choices, blank=True, default="")
    ethnic_minority_area = models.BooleanField(_("vùng đồng bào dân tộc thiểu số"), default=False)
    border = models.BooleanField(_("biên giới"), default=False)
    island = models.BooleanField(_("hải đảo"), default=False)
    religious = models.BooleanField(_("đông đồng bào theo tôn giáo"), default=False)
    remote_area = models.BooleanField(
        _("vùng sâu, vùng xa"), default=False, help_text=_("Thời hạn giải quyết khiếu nại dài hơn ở vùng sâu, vùng xa.")
    )
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        "portal.User", verbose_name=_("người nhập"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phân loại đơn vị theo thời gian")
        verbose_name_plural = _("phân loại đơn vị theo thời gian")
        ordering = ["unit__path", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["unit", "valid_from"], name="unit_status_one_per_day")]
        indexes = [models.Index(fields=["region", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_region_display()} ({self.valid_from:%d/%m/%Y})"
