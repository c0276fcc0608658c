from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("<slug:slug>/", views.SignInStart.as_view(), name="start"),
    path("<slug:slug>/callback/", views.SignInCallback.as_view(), name="callback"),
]
