from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("mfa/enrol/", views.MfaEnrolView.as_view(), name="mfa_enrol"),
    path("mfa/verify/", views.MfaVerifyView.as_view(), name="mfa_verify"),
    path("mfa/recovery-codes/", views.recovery_codes_replace, name="recovery_codes_replace"),
    path("security/", views.AccountSecurityView.as_view(), name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
