"""Every change in the models registry goes through these functions: they check who acts and on what
(`models_registry.scoping`), follow the lifecycle table (`models_registry.workflow`), and write the audit
trail in the same transaction. One module per responsibility; callers import from the package.
"""

from models_registry.services.common import today
from models_registry.services.decisions import commendation_record, decision_correct, decision_issue
from models_registry.services.registration import (
    DATA_FIELDS,
    document_add,
    model_create,
    model_link_replication,
    model_publish,
    model_return,
    model_start_evaluation,
    model_submit,
    model_unpublish,
    model_update,
    model_withdraw,
    self_assessment_save,
)
from models_registry.services.rounds import (
    assignments_make,
    council_set,
    criteria_set,
    recusal_reason,
    round_create,
    round_update,
    scoring_started,
)
from models_registry.services.scoring import (
    council_proposal,
    council_result_update,
    passes,
    score_sheet_save,
)
from portal.concurrency import ConcurrentEdit

__all__ = [
    "DATA_FIELDS",
    "ConcurrentEdit",
    "assignments_make",
    "commendation_record",
    "council_proposal",
    "council_result_update",
    "council_set",
    "criteria_set",
    "decision_correct",
    "decision_issue",
    "document_add",
    "model_create",
    "model_link_replication",
    "model_publish",
    "model_return",
    "model_start_evaluation",
    "model_submit",
    "model_unpublish",
    "model_update",
    "model_withdraw",
    "passes",
    "recusal_reason",
    "round_create",
    "round_update",
    "score_sheet_save",
    "scoring_started",
    "self_assessment_save",
    "today",
]
