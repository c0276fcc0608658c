from django.urls import path, re_path

from .views import actions, agenda, calendar, issues, meetings

app_name = "workgroup"

urlpatterns = [
    path("meetings/", meetings.meeting_index, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting-new"),
    path("meetings/series/new/", meetings.series_new, name="series-new"),
    path("meetings/attendance/", meetings.attendance_report, name="attendance-report"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/send-agenda/", meetings.meeting_send_agenda, name="meeting-send-agenda"),
    path("meetings/<int:pk>/agenda/add/", agenda.agenda_item_add, name="agenda-add"),
    path("meetings/<int:pk>/agenda/build/", agenda.agenda_build, name="agenda-build"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/move/", agenda.agenda_item_move, name="agenda-move"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/remove/", agenda.agenda_item_remove, name="agenda-remove"),
    path("meetings/<int:pk>/minutes/", agenda.minutes_edit, name="minutes"),
    path("meetings/<int:pk>/minutes/approve/", agenda.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/addendum/", agenda.addendum_add, name="addendum-add"),
    path("meetings/<int:pk>/minutes/print/", agenda.minutes_print, name="minutes-print"),
    path("meetings/<int:pk>/minutes.csv", agenda.minutes_csv, name="minutes-csv"),
    path("meetings/<int:pk>/attendance/", agenda.attendance_edit, name="attendance"),
    path("issues/", issues.issue_index, name="issues"),
    path("issues/new/", issues.issue_new, name="issue-new"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue"),
    path("actions/", actions.action_index, name="actions"),
    path("actions/new/", actions.action_new, name="action-new"),
    path("actions/<int:pk>/status/", actions.action_status, name="action-status"),
    path("calendar/", calendar.calendar_manage, name="calendar"),
    path("calendar/new/", calendar.calendar_create, name="calendar-create"),
    path("calendar/revoke/", calendar.calendar_revoke, name="calendar-revoke"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", calendar.calendar_feed, name="calendar-feed"),
]
