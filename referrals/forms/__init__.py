from .filing import PersonFieldsForm, ReferralForm
from .followup import FilingDecisionForm, HandOffForm, IntakeForm, NotesForm, ReviewActionForm

__all__ = [
    "FilingDecisionForm",
    "HandOffForm",
    "IntakeForm",
    "NotesForm",
    "PersonFieldsForm",
    "ReferralForm",
    "ReviewActionForm",
]
