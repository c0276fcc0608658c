from .filing import PersonFieldsForm, ReferralForm
from .followup import ChargingDecisionForm, HandOffForm, IntakeForm, NotesForm, ReviewActionForm

__all__ = [
    "ChargingDecisionForm",
    "HandOffForm",
    "IntakeForm",
    "NotesForm",
    "PersonFieldsForm",
    "ReferralForm",
    "ReviewActionForm",
]
