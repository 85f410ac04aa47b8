"""Petitions (đơn), the cases (vụ việc) they belong to, deadline rules, documents.

One module per responsibility; callers import from the package. The private `upload_to`
functions are re-exported too: committed migrations name them as `petitions.models._document_path`.
"""

# Definition order, not sorted: it is the app registry's order (content types, permissions, dumpdata).
# isort: off
from petitions.models.rules import DeadlineRule
from petitions.models.petitions import (
    Case,
    CaseQuerySet,
    Extension,
    Pause,
    Petition,
    PetitionChildQuerySet,
    Petitioner,
    PetitionQuerySet,
    RegisterCounter,
    SavedFilter,
)
from petitions.models.documents import PetitionDocument, _document_path
from petitions.models.approvals import ApprovalDelegate, ApprovalDelegateQuerySet, Proposal, ProposalStatus
from petitions.models.enforcement import EnforcementMeasure, MeasureKind
from petitions.models.verification import Verification, VerificationStep, VerificationStepQuerySet, _step_path
from petitions.models.imports import ImportJob, ImportJobQuerySet, ImportStatus, _import_path
# isort: on

__all__ = [
    "ApprovalDelegate",
    "ApprovalDelegateQuerySet",
    "Case",
    "CaseQuerySet",
    "DeadlineRule",
    "EnforcementMeasure",
    "Extension",
    "ImportJob",
    "ImportJobQuerySet",
    "ImportStatus",
    "MeasureKind",
    "Pause",
    "Petition",
    "PetitionChildQuerySet",
    "PetitionDocument",
    "PetitionQuerySet",
    "Petitioner",
    "Proposal",
    "ProposalStatus",
    "RegisterCounter",
    "SavedFilter",
    "Verification",
    "VerificationStep",
    "VerificationStepQuerySet",
    "_document_path",
    "_import_path",
    "_step_path",
]
