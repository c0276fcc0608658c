from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("community/refer/", views.refer, name="refer"),
    path("community/mine/", views.mine, name="mine"),
    path("community/request/", views.public_request, name="request"),
    path("community/request/sent/", views.public_request_sent, name="request-sent"),
    path("community/triage/", views.triage, name="triage"),
    path("community/triage/<int:pk>/", views.triage_detail, name="triage-detail"),
    path("community/triage/<int:pk>/note/", views.note, name="note"),
    path("community/triage/<int:pk>/verification/", views.ask_verification, name="ask-verification"),
    path("community/triage/<int:pk>/decline/", views.decline, name="decline"),
    path("community/verify/", views.verifications, name="verifications"),
    path("community/<int:pk>/screen/", views.screen, name="screen"),
]
