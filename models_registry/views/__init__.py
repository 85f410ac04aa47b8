"""The registry's browser pages, one module per audience: models (their list, registration and detail), rounds,
scoring, the public showcase."""

from models_registry.views.detail import certificate, document_download, document_upload, model_action, model_detail
from models_registry.views.listing import model_export, model_list
from models_registry.views.registration import model_create_view, model_edit, self_assessment
from models_registry.views.rounds import (
    council_summary,
    decision_correction,
    decision_page,
    round_create_view,
    round_detail,
    round_list,
)
from models_registry.views.scoring import my_scoring, score_sheet
from models_registry.views.showcase import showcase_detail, showcase_list, showcase_photo

__all__ = [
    "certificate",
    "council_summary",
    "decision_correction",
    "decision_page",
    "document_download",
    "document_upload",
    "model_action",
    "model_create_view",
    "model_detail",
    "model_edit",
    "model_export",
    "model_list",
    "my_scoring",
    "round_create_view",
    "round_detail",
    "round_list",
    "score_sheet",
    "self_assessment",
    "showcase_detail",
    "showcase_list",
    "showcase_photo",
]
