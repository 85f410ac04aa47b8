"""The public showcase of typical models: no sign-in, and only what the movement's office approved for
publication (the public summary), with the owner's name and position and nothing else personal."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from models_registry import selectors
from models_registry.choices import DocumentKind, Field
from models_registry.models import ModelDocument
from portal.access import public
from portal.pagination import querystring_without_page
from portal.selectors import public_unit_asked
from portal.text import fold

SHOWCASE_PAGE_SIZE = 20


@public(
    "typical models the movement's office approved for publication, for the people to learn from", shared_cache=True
)
def showcase_list(request):
    models = selectors.showcase_models()
    text = request.GET.get("q", "").strip()[:100]
    if text:
        models = models.filter(search_name__contains=fold(text))
    field = request.GET.get("field", "")
    if field in Field.values:
        models = models.filter(field=field)
    unit = public_unit_asked(request)
    if unit is not None:  # from a unit's public page: its models and those of the units under it
        models = models.filter(unit__path__startswith=unit.path)
    return render(
        request,
        "models_registry/showcase_list.html",
        {
            "page": Paginator(models, SHOWCASE_PAGE_SIZE).get_page(request.GET.get("page")),
            "q": text,
            "field": field,
            "unit": unit,
            "fields": Field.choices,
            "querystring": querystring_without_page(request),
        },
    )


def _public_photos(model):
    """Photos marked for publication; only images, whatever kind the uploader declared."""
    return selectors.showcase_documents(model).filter(kind=DocumentKind.PHOTO, content_type__startswith="image/")


@public("one published typical model: its approved summary, owner's name and position", shared_cache=True)
def showcase_detail(request, pk: int):
    model = selectors.showcase_model(pk)
    return render(request, "models_registry/showcase_detail.html", {"model": model, "photos": _public_photos(model)})


@public("a photo the movement's office marked for publication with a published typical model", shared_cache=True)
def showcase_photo(request, pk: int, document_id: int):
    model = selectors.showcase_model(pk)
    try:
        photo = _public_photos(model).get(pk=document_id)
    except ModelDocument.DoesNotExist as exc:
        raise Http404 from exc
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type, filename=photo.filename)
