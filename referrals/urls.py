from django.urls import path

from .views import browse, filing, people

app_name = "referrals"

urlpatterns = [
    path("referrals/", browse.referral_index, name="index"),
    path("referrals/new/", filing.referral_new, name="new"),
    path("referrals/new/check/", filing.referral_check, name="check"),
    path("referrals/new/person/", filing.person_choose, name="person-new"),
    path("referrals/new/person/<int:pk>/", filing.person_choose, name="person-choose"),
    path("referrals/new/matches/", filing.person_matches, name="person-matches"),
    path("referrals/drafts/<uuid:token>/discard/", filing.draft_discard, name="draft-discard"),
    path("referrals/<int:pk>/", browse.referral_detail, name="detail"),
    path("people/", people.people_index, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
]
