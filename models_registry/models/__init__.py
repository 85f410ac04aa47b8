"""Programmes, rounds with their criteria and councils, registered models, scores, decisions, commendations.

A model (mô hình) and an individual example (điển hình) are the same record, told apart by `owner_kind`.
Every state change goes through `models_registry.services`, which check the actor and write the audit trail.

One module per responsibility; callers import from the package. The private `upload_to` functions are
re-exported too: committed migrations name them as `models_registry.models._document_path`.
"""

# Definition order, not sorted: it is the app registry's order (content types, permissions, dumpdata).
# isort: off
from models_registry.models.fields import NON_NEGATIVE, POINTS
from models_registry.models.programmes import (
    Criterion,
    CriterionGroup,
    CouncilMember,
    Phase,
    Programme,
    Round,
    RoundQuerySet,
)
from models_registry.models.registry import (
    MobilizationModel,
    ModelChildQuerySet,
    ModelDocument,
    ModelForce,
    ModelQuerySet,
    REGISTRATION_FIELDS,
    SelfAssessment,
    _document_path,
)
from models_registry.models.evaluation import Assignment, Score
from models_registry.models.decisions import Commendation, Decision, DecisionEntry, DecisionQuerySet
from models_registry.models.imports import ImportStatus, ModelImportJob, _import_path
# isort: on

__all__ = [
    "NON_NEGATIVE",
    "POINTS",
    "REGISTRATION_FIELDS",
    "Assignment",
    "Commendation",
    "CouncilMember",
    "Criterion",
    "CriterionGroup",
    "Decision",
    "DecisionEntry",
    "DecisionQuerySet",
    "ImportStatus",
    "MobilizationModel",
    "ModelChildQuerySet",
    "ModelDocument",
    "ModelForce",
    "ModelImportJob",
    "ModelQuerySet",
    "Phase",
    "Programme",
    "Round",
    "RoundQuerySet",
    "Score",
    "SelfAssessment",
    "_document_path",
    "_import_path",
]
