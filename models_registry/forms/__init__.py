"""The registry's browser forms; they only read input, the services decide and record.

- `base`: the date widget, the points bounds, and the long-text and choice fields the others build on;
- `registration`: a model's registration, its forces, self-assessment, documents and the detail page's steps;
- `rounds`: a round's set-up, its criteria and council, and the units it may be launched at;
- `decisions`: the standing body's decision and its correction;
- `scoring`: a council member's score sheet.

Import forms from `models_registry.forms`; the submodules are an implementation detail.
"""

from models_registry.forms.base import CHOOSE, DATE, POINTS
from models_registry.forms.decisions import CorrectionForm, DecisionEntryForm, DecisionForm
from models_registry.forms.registration import (
    MODEL_FIELDS,
    AssessmentForm,
    CommendationRecordForm,
    DocumentForm,
    ForceForm,
    ForceFormSet,
    ModelForm,
    PublishForm,
    ReasonForm,
    ReplicationForm,
    forces_from,
)
from models_registry.forms.rounds import (
    INDENT,
    CouncilFormSet,
    CouncilMemberForm,
    CriterionForm,
    CriterionFormSet,
    RoundForm,
    council_choices,
    criteria_from,
    members_from,
    scope_units,
)
from models_registry.forms.scoring import ScoreForm, SheetForm

__all__ = [
    "CHOOSE",
    "DATE",
    "INDENT",
    "MODEL_FIELDS",
    "POINTS",
    "AssessmentForm",
    "CommendationRecordForm",
    "CorrectionForm",
    "CouncilFormSet",
    "CouncilMemberForm",
    "CriterionForm",
    "CriterionFormSet",
    "DecisionEntryForm",
    "DecisionForm",
    "DocumentForm",
    "ForceForm",
    "ForceFormSet",
    "ModelForm",
    "PublishForm",
    "ReasonForm",
    "ReplicationForm",
    "RoundForm",
    "ScoreForm",
    "SheetForm",
    "council_choices",
    "criteria_from",
    "forces_from",
    "members_from",
    "scope_units",
]
