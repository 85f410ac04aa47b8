"""Reading the shared catalogs (portal.CatalogEntry): what a picker offers and how a code reads.

For lists whose codes drive rules or report columns (petition sources, content fields, document
types, result types, refusal grounds) the system fixes the codes; administrators keep their labels,
order and dates in force. Sub-fields and verification steps may be added freely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache

from portal.models import CatalogEntry


def options(
    catalog: str, *, on: dt.date | None = None, allowed: Iterable[str] | None = None, keep: str = ""
) -> list[tuple[str, str]]:
    """(code, label) pairs in force on `on`, in the administrators' order; `keep` stays offered even when retired."""
    allowed_set = set(allowed) if allowed is not None else None
    rows = []
    for entry in CatalogEntry.objects.in_force(catalog, on).select_related("parent"):
        if allowed_set is not None and entry.code not in allowed_set:
            continue
        rows.append((entry.code, f"{entry.parent.label} › {entry.label}" if entry.parent_id else entry.label))
    if keep and keep not in {code for code, _label in rows}:
        rows.append((keep, label_of(catalog, keep)))
    return rows


LABELS_CACHE_SECONDS = 300


def labels(catalog: str) -> dict[str, str]:
    """Every code's label in a catalog, cached (one query per catalog, dropped whenever an entry is saved)."""
    key = f"catalog-labels:{catalog}"
    found = cache.get(key)
    if found is None:
        found = dict(CatalogEntry.objects.filter(catalog=catalog).values_list("code", "label"))
        cache.set(key, found, LABELS_CACHE_SECONDS)
    return found


def forget_labels(catalog: str) -> None:
    cache.delete(f"catalog-labels:{catalog}")


def label_of(catalog: str, code: str, default: str = "") -> str:
    """The label administrators gave a code (retired entries included), or `default`."""
    if not code:
        return default
    return labels(catalog).get(code) or default or code


def subfield_options(*, on: dt.date | None = None) -> list[tuple[str, str]]:
    """Content sub-fields (entries with a parent) in force."""
    return [
        (e.code, f"{e.parent.label} › {e.label}")
        for e in CatalogEntry.objects.in_force(CatalogEntry.Catalog.CONTENT_FIELD, on)
        .filter(parent__isnull=False)
        .select_related("parent")
    ]


class CatalogChoicesMixin:
    """A form whose pickers list the catalog entries in force (labels and order as administrators keep them).

    `catalog_fields = {"field_name": (catalog, allowed codes or None)}`; a blank choice stays first
    when the field is optional.
    """

    catalog_fields: dict[str, tuple[str, Iterable[str] | None]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (catalog, allowed) in self.catalog_fields.items():
            field = self.fields[name]
            current = self.initial.get(name) or ""
            choices = options(catalog, allowed=allowed, keep=current)
            if not choices and not CatalogEntry.objects.filter(catalog=catalog).exists():
                continue  # a catalog never loaded: keep the built-in choices rather than offer nothing
            field.choices = choices if field.required else [("", "—"), *choices]
