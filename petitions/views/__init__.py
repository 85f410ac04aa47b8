"""HTML pages for petitions: thin — parse input, call a selector or a service, render."""

from petitions.views.approvals import approval_queue, proposal_decide, proposal_draft
from petitions.views.detail import document_download, document_upload, petition_action, petition_detail
from petitions.views.intake import duplicate_suggestions, import_job, import_template, import_upload, petition_create
from petitions.views.lists import my_work, petition_list, saved_filter_create, saved_filter_delete
from petitions.views.settlement import measure_add, measure_report, verification_assign, verification_step

__all__ = [
    "approval_queue",
    "document_download",
    "document_upload",
    "duplicate_suggestions",
    "import_job",
    "import_template",
    "import_upload",
    "measure_add",
    "measure_report",
    "my_work",
    "petition_action",
    "petition_create",
    "petition_detail",
    "petition_list",
    "proposal_decide",
    "proposal_draft",
    "saved_filter_create",
    "saved_filter_delete",
    "verification_assign",
    "verification_step",
]
