"""What django-scim2 looks up, filters and lists: one provider's accounts and
groups (apart from sso.scim, which django-scim2's adapters import at load)."""

from django_scim.filters import GroupFilterQuery, UserFilterQuery

from .models import ProviderAccount, ProviderGroup


def account_model():
    return ProviderAccount


def own_provider_filter(model):
    """django-scim2 adds these to every lookup, list and filter: one provider's rows only."""

    def extra_filter_kwargs(request, *args, **kwargs):
        return {"provider_id": request.scim_provider.pk}

    return extra_filter_kwargs


def rows_with_their_parts(model):
    """django-scim2's list post-processor: each row's user and groups read with the
    list (ScimUser.to_dict reads both), not a query per row; a group's members too."""

    def post_process(request, queryset, *args, **kwargs):
        if model is ProviderAccount:
            return queryset.select_related("user").prefetch_related("groups")
        return queryset.prefetch_related("members")

    return post_process


class UserFilter(UserFilterQuery):
    model_getter = account_model
    attr_map = {
        ("userName", None, None): "user_name",
        ("externalId", None, None): "external_id",
    }


class GroupFilter(GroupFilterQuery):
    model_getter = ProviderGroup
    attr_map = {
        ("displayName", None, None): "display_name",
        ("externalId", None, None): "external_id",
    }

    @classmethod
    def table_name(cls):
        return ProviderGroup._meta.db_table
