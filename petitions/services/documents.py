"""Documents attached to a petition, and the log of every look at a denouncer's identity."""

from __future__ import annotations

from django.db import transaction

from petitions.models import Petition, PetitionDocument
from petitions.services.common import (
    _lock,
)
from portal.models import User
from portal.services import audit_record
from portal.uploads import document_checked


@transaction.atomic
def petition_document_add(
    *,
    actor: User | None,
    petition_id: int,
    uploaded_file,
    title: str,
    doc_type: str,
    confidential: bool = False,
) -> PetitionDocument:
    petition = _lock(petition_id, None, actor)
    checked = document_checked(uploaded_file)
    original_name = uploaded_file.name
    uploaded_file.name = checked.name  # stored under the detected type's extension, never the declared one
    document = PetitionDocument.objects.create(
        petition=petition,
        title=title.strip()[:255] or original_name[:255],
        doc_type=doc_type,
        file=uploaded_file,
        content_type=checked.content_type,
        size=checked.size,
        confidential=confidential or petition.is_confidential,
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        verb="petition.document_added",
        target=petition,
        unit=petition.unit,
        payload={"document": document.pk, "confidential": document.confidential},
    )
    return document


def petition_identity_viewed(*, actor: User, petition: Petition) -> None:
    """Log every look at a denouncer's identity (who, when)."""
    audit_record(actor=actor, verb="petition.identity_viewed", target=petition, unit=petition.unit)
