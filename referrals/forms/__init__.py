from .filing import DecisionChoice, PersonFieldsForm, ReferralForm
from .followup import FilingDecisionForm, HandOffForm, IntakeForm, NotesForm, ReviewActionForm

__all__ = [
    "DecisionChoice",
    "FilingDecisionForm",
    "HandOffForm",
    "IntakeForm",
    "NotesForm",
    "PersonFieldsForm",
    "ReferralForm",
    "ReviewActionForm",
]
