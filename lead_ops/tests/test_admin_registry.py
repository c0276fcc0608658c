"""Every model of ours is managed in the admin: registered, or edited inline."""

from django.apps import apps
from django.contrib import admin

OURS = {"accounts", "audit", "protocol", "notifications", "training", "referrals", "community", "workgroup", "reports"}
# Edited as a field of another model's admin page.
MANAGED_THROUGH_PARENT = {"training.TopicRequirement": "the topic's 'Required of' field"}


def test_every_model_is_in_the_admin():
    inline_models = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OURS
        and model not in admin.site._registry
        and model not in inline_models
        and model._meta.label not in MANAGED_THROUGH_PARENT
    ]
    assert not missing, f"not in the admin: {missing}"


def test_registered_admins_list_search_and_filter():
    thin = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OURS and model_admin.list_display == ("__str__",)
    ]
    assert not thin, f"admins with no list columns: {thin}"
