from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "sso"
    verbose_name = "Single sign-on and provisioning"

    def ready(self):
        from lead_ops.accounts import sign_out as account_sign_out

        from . import sign_out

        account_sign_out.register(sign_out.provider_sign_out_url)
