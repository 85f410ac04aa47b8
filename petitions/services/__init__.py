"""Every change to a petition goes through these functions: they enforce the workflow table
(`petitions.workflow`), optimistic locking, deadlines and the audit trail, in one transaction each.

One module per responsibility; callers import from the package.
"""

from petitions.services.assignment import petition_assign
from petitions.services.common import ConcurrentEdit, PetitionerData, case_sync, deadlines_refresh, today
from petitions.services.documents import petition_document_add, petition_identity_viewed
from petitions.services.intake import (
    petition_accept,
    petition_classify,
    petition_lookup_code_renew,
    petition_process,
    petition_receive,
    petition_record_transfer_reply,
)
from petitions.services.settlement import (
    petition_close,
    petition_extend,
    petition_pause,
    petition_publish,
    petition_reopen_second_round,
    petition_resume,
    petition_settle,
    petition_start_verification,
    petition_withdraw,
)
from petitions.services.sweeps import petitions_mark_overdue, petitions_recompute_deadlines

__all__ = [
    "petition_lookup_code_renew",
    "ConcurrentEdit",
    "PetitionerData",
    "case_sync",
    "deadlines_refresh",
    "petition_accept",
    "petition_assign",
    "petition_classify",
    "petition_close",
    "petition_document_add",
    "petition_extend",
    "petition_identity_viewed",
    "petition_pause",
    "petition_process",
    "petition_publish",
    "petition_receive",
    "petition_record_transfer_reply",
    "petition_reopen_second_round",
    "petition_resume",
    "petition_settle",
    "petition_start_verification",
    "petition_withdraw",
    "petitions_mark_overdue",
    "petitions_recompute_deadlines",
    "today",
]
