from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider import views as oauth

from . import views

app_name = "api"


def public(view):
    # Tokens, not sessions: the site's sign-in requirement does not apply here.
    return login_not_required(view)


urlpatterns = [
    path("api/oauth/token/", public(oauth.TokenView.as_view()), name="token"),
    path("api/oauth/revoke/", public(oauth.RevokeTokenView.as_view()), name="revoke"),
    path("api/schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("api/docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path("api/v1/referral-drafts/", public(views.ReferralDraftCreate.as_view()), name="drafts"),
    path("api/v1/referral-drafts/<uuid:token>/qr.svg", public(views.ReferralDraftQR.as_view()), name="draft-qr"),
    path("api/v1/referrals/", public(views.ReferralStatusLookup.as_view()), name="referrals"),
    path("api/v1/referrals/<int:pk>/", public(views.ReferralStatusDetail.as_view()), name="referral"),
    path("api/v1/figures/", public(views.Figures.as_view()), name="figures"),
    path("api/v1/webhooks/", public(views.Subscriptions.as_view()), name="webhooks"),
    path("api/v1/webhooks/<int:pk>/", public(views.SubscriptionDetail.as_view()), name="webhook"),
]
