from django.urls import path

from .views import browse, filing, followup, offline, people, queues, review

app_name = "referrals"

urlpatterns = [
    path("referrals/", browse.referral_index, name="index"),
    path("referrals/new/", filing.referral_new, name="new"),
    path("referrals/new/check/", filing.referral_check, name="check"),
    path("referrals/new/person/", filing.person_choose, name="person-new"),
    path("referrals/new/person/<int:pk>/", filing.person_choose, name="person-choose"),
    path("referrals/new/matches/", filing.person_matches, name="person-matches"),
    path("referrals/offline/state/", offline.offline_state, name="offline-state"),
    path("referrals/offline/send/", offline.offline_send, name="offline-send"),
    path("referrals/drafts/<uuid:token>/discard/", filing.draft_discard, name="draft-discard"),
    path("referrals/<int:pk>/", browse.referral_detail, name="detail"),
    path("referrals/<int:pk>/correct/", followup.referral_correct, name="correct"),
    path("referrals/<int:pk>/handoff/", followup.referral_hand_off_view, name="handoff"),
    path("referrals/<int:pk>/intake/", followup.intake_complete_view, name="intake"),
    path("referrals/<int:pk>/notes/", followup.intake_notes_view, name="notes"),
    path("referrals/<int:pk>/charging/", followup.charging_decision_view, name="charging"),
    path("referrals/<int:pk>/releases/<int:release_pk>/revoke/", followup.release_revoke_view, name="release-revoke"),
    path("reviews/", review.review_queue, name="reviews"),
    path("reviews/<int:pk>/", review.review_act, name="review-act"),
    path("handoffs/", queues.handoff_index, name="handoffs"),
    path("prosecution/", queues.prosecution_index, name="prosecution"),
    path("people/", people.people_index, name="people"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/disclosures/", people.person_disclosures, name="disclosures"),
]
