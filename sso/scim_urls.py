"""django-scim2's endpoints under /scim/v2/, open to a provider's bearer
token instead of a signed-in session (sso.scim.ProviderTokenRequired)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import re_path
from django_scim import urls as scim_urls

app_name = "scim"

urlpatterns = [
    re_path(pattern.pattern.regex.pattern, login_not_required(pattern.callback), name=pattern.name)
    for pattern in scim_urls.urlpatterns
]
