"""django-otp-webauthn's endpoints under the names its template tags and
JavaScript use (namespace otp_webauthn), served by our narrowed views."""

from django.urls import path

from . import passkey_views

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", passkey_views.RegistrationBeginView.as_view(), name="credential-registration-begin"),
    path(
        "registration/complete/",
        passkey_views.RegistrationCompleteView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        passkey_views.AuthenticationBeginView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        passkey_views.AuthenticationCompleteView.as_view(),
        name="credential-authentication-complete",
    ),
    path("jsi18n/", passkey_views.javascript_catalog, name="js-i18n-catalog"),
]
