from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core import validators


class SignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the field's max_length after the field is made, so
        # nothing checks it: a longer username would reach authenticate() and the
        # lockout's record of the attempt (255 characters on PostgreSQL).
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(validators.MaxLengthValidator(limit))
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.add_input(Submit("sign-in", "Sign in", css_class="w-100"))


class _CodeForm(forms.Form):
    code = forms.CharField(max_length=32, strip=True)
    submit_label = "Continue"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("continue", self.submit_label, css_class="w-100"))


class AuthenticatorSetUpForm(_CodeForm):
    submit_label = "Turn on two-factor sign-in"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "6-digit code from your app"
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


class SecondFactorForm(_CodeForm):
    submit_label = "Verify"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = "Code"
        self.fields[
            "code"
        ].help_text = "The 6-digit code your authenticator app shows now, or one of your recovery codes."


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("change-password", "Change password"))
