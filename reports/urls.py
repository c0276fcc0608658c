from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("discretion/", views.discretion, name="discretion"),
    path("equity/", views.equity, name="equity"),
    path("exports/", views.export_index, name="exports"),
    path("exports/<uuid:export_id>/", views.export_status, name="export-status"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export-download"),
]
