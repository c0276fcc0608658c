"""Writes for peer training: topics, peer trainers, sessions, attendance,
records, the CSV import, protocol acknowledgements and reminders. The only way
in: views, forms, the admin, tasks and the demo all call these. Each is atomic,
validated and audited; a refused write saves nothing."""

from .imports import record_import_apply, record_import_upload
from .records import (
    protocol_acknowledgement_record,
    training_record_create,
    training_record_delete,
    training_record_update,
)
from .reminders import training_reminders_send
from .sessions import (
    attendance_record,
    attendance_remove,
    training_session_create,
    training_session_delete,
    training_session_update,
)
from .topics import peer_trainer_flag, peer_trainer_retire, topic_create, topic_update

__all__ = [
    "attendance_record",
    "attendance_remove",
    "peer_trainer_flag",
    "peer_trainer_retire",
    "protocol_acknowledgement_record",
    "record_import_apply",
    "record_import_upload",
    "topic_create",
    "topic_update",
    "training_record_create",
    "training_record_delete",
    "training_record_update",
    "training_reminders_send",
    "training_session_create",
    "training_session_delete",
    "training_session_update",
]
