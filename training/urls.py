from django.urls import path

from .views import compliance, manage, mine, sessions

app_name = "training"

urlpatterns = [
    path("", mine.my_training, name="my_training"),
    path("protocol/", mine.protocol, name="protocol"),
    path("protocol/acknowledge/", mine.protocol_acknowledge, name="protocol_acknowledge"),
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="session_delete"),
    path("sessions/<int:pk>/materials/", sessions.session_materials, name="session_materials"),
    path("sessions/<int:pk>/attendance/", sessions.attendance, name="attendance"),
    path(
        "sessions/<int:pk>/attendance/<int:attendance_pk>/remove/",
        sessions.attendance_remove,
        name="attendance_remove",
    ),
    path("compliance/", compliance.compliance, name="compliance"),
    path("compliance/units/<int:pk>/", compliance.unit_compliance, name="unit_compliance"),
    path("rollout/", compliance.rollout, name="rollout"),
    path("topics/", manage.topic_list, name="topic_list"),
    path("topics/new/", manage.topic_create, name="topic_create"),
    path("topics/<int:pk>/edit/", manage.topic_edit, name="topic_edit"),
    path("trainers/", manage.trainer_list, name="trainer_list"),
    path("trainers/<int:pk>/retire/", manage.trainer_retire, name="trainer_retire"),
    path("import/", manage.import_upload, name="import_upload"),
    path("import/<int:pk>/", manage.import_preview, name="import_preview"),
    path("import/<int:pk>/apply/", manage.import_apply, name="import_apply"),
]
