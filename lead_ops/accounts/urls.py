from django.urls import path

from . import passkey_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("mfa/enrol/", views.MfaEnrolView.as_view(), name="mfa_enrol"),
    path("mfa/verify/", views.MfaVerifyView.as_view(), name="mfa_verify"),
    path("mfa/recovery-codes/", views.recovery_codes_replace, name="recovery_codes_replace"),
    path("passkeys/verify/", passkey_views.PasskeyVerifyView.as_view(), name="passkey_verify"),
    path("passkeys/register/", passkey_views.PasskeyRegisterView.as_view(), name="passkey_register"),
    path("passkeys/<int:pk>/rename/", passkey_views.passkey_rename, name="passkey_rename"),
    path("passkeys/<int:pk>/remove/", passkey_views.passkey_remove, name="passkey_remove"),
    path("security/", views.AccountSecurityView.as_view(), name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
