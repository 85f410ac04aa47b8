"""The public's entry: one home page per province linking what it publishes, and a page per unit listing the
information the law requires it to publish, each with its date (Law 104/2016 on access to information art. 17;
Law 42/2013 and Decree 64/2014 on reception; Decree 124/2020 art. 29 on complaint decisions).

No sign-in; every page reads a fixed handful of queries (counts and latest dates by aggregation) and says only
what is already public elsewhere: schedules, reception rules, published decisions, published typical models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from models_registry.selectors import showcase_models
from portal.access import public
from portal.choices import Level
from portal.models import AdministrativeUnit, Agency
from portal.pagination import querystring_without_page
from portal.text import fold
from reception.models import ReceptionInfo, ReceptionSchedule
from transparency.selectors import public_decisions

UNITS_PAGE_SIZE = 50


@dataclass(frozen=True)
class Published:
    """One kind of information a unit publishes: what, under which rule, how many, last dated when, where."""

    title: str
    basis: str
    count: int
    latest: dt.date | None
    url: str


def _in(unit: AdministrativeUnit, field: str) -> Q:
    return Q(**{f"{field}__path__startswith": unit.path})


def _published(unit: AdministrativeUnit) -> list[Published]:
    """What the unit and the units under it have published (the lists each count opens hold the same subtree):
    4 aggregate queries, kept for five minutes in the cache so that a crowd of visitors costs one computation."""
    key = f"public-published:{unit.pk}:{translation.get_language()}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _published_now(unit)
        cache.set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found


def _published_now(unit: AdministrativeUnit) -> list[Published]:
    today = timezone.localdate()
    where = _in(unit, "agency__unit")
    schedule = ReceptionSchedule.objects.filter(where, is_public=True, date__gte=today).aggregate(
        count=Count("pk"), latest=Max("published_at")
    )
    rules = ReceptionInfo.objects.filter(where).aggregate(count=Count("pk"), latest=Max("updated_at"))
    decisions = public_decisions().filter(_in(unit, "unit"))
    decisions = decisions.aggregate(count=Count("pk"), latest=Max("published_on"))
    models = showcase_models().filter(_in(unit, "unit"))
    models = models.order_by().aggregate(count=Count("pk"), latest=Max("published_at"))

    def day(value):
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).date()
        return value

    unit_query = urlencode({"unit": unit.pk})
    return [
        Published(
            _("Lịch tiếp công dân của lãnh đạo (sắp tới)"),
            _("Luật Tiếp công dân 2013, Điều 12; Nghị định 64/2014/NĐ-CP, Điều 4"),
            schedule["count"],
            day(schedule["latest"]),
            f"{reverse('public-reception-schedule')}?{unit_query}",
        ),
        Published(
            _("Địa điểm, thời gian và nội quy tiếp công dân"),
            _("Luật Tiếp công dân 2013, Điều 10"),
            rules["count"],
            day(rules["latest"]),
            f"{reverse('public-reception-schedule')}?{unit_query}",
        ),
        Published(
            _("Quyết định giải quyết khiếu nại đã công khai"),
            _("Nghị định 124/2020/NĐ-CP, Điều 29 (đăng ít nhất 15 ngày liên tục)"),
            decisions["count"],
            day(decisions["latest"]),
            f"{reverse('transparency:public-list')}?{unit_query}",
        ),
        Published(
            _("Mô hình “Dân vận khéo” tiêu biểu"),
            _("Quy định của Ban Dân vận về phong trào thi đua “Dân vận khéo”"),
            models["count"],
            day(models["latest"]),
            f"{reverse('models_registry:showcase')}?{unit_query}",
        ),
    ]


@public("the public's entry: the provinces whose units publish information here", shared_cache=True)
@require_safe
def public_index(request):
    # The provinces whose agencies are in the portal, on either map (a legacy province keeps its records).
    with_agencies = Agency.objects.filter(unit__path__startswith=OuterRef("path"), is_active=True)
    provinces = AdministrativeUnit.objects.filter(level=Level.PROVINCE).filter(Exists(with_agencies))
    provinces = list(provinces.order_by("generation", "name"))
    if len(provinces) == 1:
        return redirect("public-province", unit_id=provinces[0].pk)
    return render(request, "transparency/public_index.html", {"provinces": provinces})


@public(
    "a province's public home page: links to what it and its units publish, and the look-up of petitions",
    shared_cache=True,
)
@require_safe
def public_province(request, unit_id: int):
    province = get_object_or_404(AdministrativeUnit, pk=unit_id, level=Level.PROVINCE)
    units = AdministrativeUnit.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
    text = request.GET.get("q", "").strip()[:100]
    if text:
        units = units.filter(search_name__contains=fold(text))
    page = Paginator(units.order_by("path"), UNITS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "province": province,
        "published": _published(province),
        "page": page,
        "q": text,
        "querystring": querystring_without_page(request),
    }
    return render(request, "transparency/public_province.html", context)


@public("the information one unit must publish (Law 104/2016 art. 17), each item with its date", shared_cache=True)
@require_safe
def public_unit(request, unit_id: int):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=unit_id)
    if unit.level == Level.PROVINCE:
        return redirect("public-province", unit_id=unit.pk)
    province = next((u for u in [*unit.ancestors(), unit] if u.level == Level.PROVINCE), None)
    if province is None:
        raise Http404
    context = {"unit": unit, "province": province, "published": _published(unit)}
    return render(request, "transparency/public_unit.html", context)
