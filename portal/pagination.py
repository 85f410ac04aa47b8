"""Helpers shared by the HTML list pages."""

from functools import cached_property

from django.core.paginator import Paginator


def querystring_without_page(request) -> str:
    """The list's current filters, to carry into pagination links and saved filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class BoundedPaginator(Paginator):
    """A paginator that counts at most `bound` rows: over a register of millions, an exact `COUNT(*)` on every
    page costs seconds (docs/performance.md), while an official pages through the first few hundred rows and
    narrows the filters for the rest. `count_is_exact` says whether the count is the whole of it; `bound=None`
    counts everything (a list opened from a dashboard number must show exactly that number)."""

    def __init__(self, object_list, per_page, *, bound: int | None = 10_000, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.bound = bound

    @cached_property
    def _counted(self) -> int:
        if self.bound is None:
            return super().count
        # Only the keys, unordered: counting needs neither the sort nor the joined columns.
        return self.object_list.order_by().values("pk")[: self.bound + 1].count()

    @property
    def count(self) -> int:
        return self._counted if self.bound is None else min(self._counted, self.bound)

    @property
    def count_is_exact(self) -> bool:
        return self.bound is None or self._counted <= self.bound

    def page(self, number):
        """The page's rows in two steps: their keys first (sorted and cut with only the filters' joins), then
        those rows with everything the list shows. Over millions of rows the database otherwise joins every
        matching row before it sorts and keeps 25 (11 s for a province's register)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        # As Django's: the last page takes the orphans (past the bound there is no last page: pages stay full).
        if self.count_is_exact and top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys).order_by()}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
