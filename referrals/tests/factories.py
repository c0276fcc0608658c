import datetime
import uuid

import factory
from django.utils import timezone

from referrals.models import Person, ReferralRoute
from referrals.services import DecisionInput, ReferralAnswers, referral_submit


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1960, 1, 1), end_date=datetime.date(2000, 1, 1)
    )
    is_synthetic = True

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            from referrals.services import person_reindex

            person_reindex(person=self)


def social_contact_answers(**overrides) -> ReferralAnswers:
    now = timezone.now()
    fields = dict(
        occurred_at=now - datetime.timedelta(minutes=30),
        prior_activity_verification="criminal_history",
        prior_activity_date=timezone.localdate() - datetime.timedelta(days=60),
        prior_activity_in_area=True,
        exclusions={"specialty-court": False, "no-contact-order": False},
    )
    fields.update(overrides)
    return ReferralAnswers(**fields)


def arrest_answers(offenses, **overrides) -> ReferralAnswers:
    now = timezone.now()
    exclusions = dict.fromkeys(
        (
            "delivery-for-profit",
            "organized-distribution",
            "exploitation",
            "violent-history",
            "domestic-violence",
            "specialty-court",
            "no-contact-order",
        ),
        False,
    )
    exclusions.update(overrides.pop("exclusions", {}))
    fields = dict(
        occurred_at=now - datetime.timedelta(minutes=30),
        incident_number="2026-012345",
        offenses=tuple(offenses),
        drug_type="opioids",
        quantity_grams=1,
        conversation_led_by="officer",
        exclusions=exclusions,
    )
    fields.update(overrides)
    return ReferralAnswers(**fields)


def file_referral(
    *, officer, route_code="social-contact", person=None, decision="divert", answers=None, token=None, **kwargs
):
    """File a referral through the service, as the form would."""
    route = ReferralRoute.objects.get(code=route_code)
    if answers is None:
        if route.asks_arrest_details:
            from referrals.models import Offense

            answers = arrest_answers([Offense.objects.get(code="drug-possession")])
        else:
            answers = social_contact_answers()
    return referral_submit(
        officer=officer,
        token=token or uuid.uuid4(),
        route=route,
        person=person or PersonFactory(),
        answers=answers,
        decision=DecisionInput(outcome=decision) if isinstance(decision, str) else decision,
        **kwargs,
    )
