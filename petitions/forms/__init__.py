"""Forms parse and shape input only; the rules live in models (clean) and services.

- `base`: the date widget, `VersionedForm` (optimistic locking) and the local-agency picker;
- `intake`: the intake form, its petitioners and documents, and register imports;
- `workflow`: one form per workflow step, and assigning handlers;
- `settlement`: enforcement measures and the verification of a denunciation;
- `filters`: the lists' saved filters.

Import forms from `petitions.forms`; the submodules are an implementation detail.
"""

from petitions.forms.base import DATE, VersionedForm, _past_date, offer_local_agencies
from petitions.forms.filters import SavedFilterForm
from petitions.forms.intake import DocumentForm, ImportForm, IntakeForm, PetitionerForm, PetitionerFormSet
from petitions.forms.settlement import (
    MeasureForm,
    MeasureReportForm,
    VerificationAssignForm,
    VerificationConcludeForm,
    VerificationStepForm,
    offer_verifiers,
)
from petitions.forms.workflow import (
    AcceptForm,
    AssignForm,
    ClassifyForm,
    CloseForm,
    ExtendForm,
    PauseForm,
    ProcessForm,
    PublishForm,
    ReopenForm,
    ResumeForm,
    SettleForm,
    TransferReplyForm,
    VerifyForm,
    WithdrawForm,
    offer_handlers,
)

__all__ = [
    "DATE",
    "AcceptForm",
    "AssignForm",
    "ClassifyForm",
    "CloseForm",
    "DocumentForm",
    "ExtendForm",
    "ImportForm",
    "IntakeForm",
    "MeasureForm",
    "MeasureReportForm",
    "PauseForm",
    "PetitionerForm",
    "PetitionerFormSet",
    "ProcessForm",
    "PublishForm",
    "ReopenForm",
    "ResumeForm",
    "SavedFilterForm",
    "SettleForm",
    "TransferReplyForm",
    "VerificationAssignForm",
    "VerificationConcludeForm",
    "VerificationStepForm",
    "VerifyForm",
    "VersionedForm",
    "WithdrawForm",
    "_past_date",
    "offer_handlers",
    "offer_local_agencies",
    "offer_verifiers",
]
