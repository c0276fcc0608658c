"""Partners, the project team and community referrals, made as the services make them."""

import uuid

from lead_ops.accounts.models import Agency
from lead_ops.accounts.roles import Role
from lead_ops.accounts.tests.factories import UserFactory
from referrals.tests.factories import PersonFactory, social_contact_answers

from ..models import CommunityReferral, Concern
from ..services import CommunityReferralInput, community_referral_file, community_referral_screen


def make_organisation(name="Downtown outreach"):
    return Agency.objects.get_or_create(name=name, defaults={"kind": Agency.Kind.REFERRING})[0]


def make_referrer(username="community", organisation=None, **fields):
    return UserFactory(
        username=username, roles=[Role.COMMUNITY_REFERRER], agency=organisation or make_organisation(), **fields
    )


def make_project_manager(username="projectmanager", **fields):
    return UserFactory(username=username, roles=[Role.PROJECT_MANAGER], **fields)


def details(**overrides) -> CommunityReferralInput:
    fields = dict(
        person_name="Robin Example",
        person_description="Tall, green jacket, usually with a bicycle",
        usual_location="3rd Ave and Pine, by the bus shelter",
        concerns=(Concern.objects.get(code="drug-use"),),
        concern_text="Seen using most mornings; seems unwell.",
        urgency=CommunityReferral.Urgency.SOON,
        contact_name="Sam Partner",
        contact_phone="206 555 0100",
    )
    fields.update(overrides)
    return CommunityReferralInput(**fields)


def refer(referrer, **overrides) -> CommunityReferral:
    return community_referral_file(referrer=referrer, token=uuid.uuid4(), details=details(**overrides))


def screen(row, actor, *, decision="divert", person=None, answers=None, token=None):
    from referrals.services import DecisionInput

    return community_referral_screen(
        community_referral=row,
        actor=actor,
        token=token or uuid.uuid4(),
        person=person or PersonFactory(),
        answers=answers
        or social_contact_answers(prior_activity_verification="reliable_report", prior_activity_reported_by="Outreach"),
        decision=DecisionInput(outcome=decision) if isinstance(decision, str) else decision,
    )
