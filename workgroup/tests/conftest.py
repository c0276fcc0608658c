"""Fixtures for the workgroup tests: a workgroup with a member in each seat,
meetings before and after now, and the referrals fixtures for case conferences."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lead_ops.accounts.roles import Role
from workgroup.models import MemberRole
from workgroup.services import meeting_schedule, membership_add, workgroup_create


@pytest.fixture
def workgroup(coordinator):
    return workgroup_create(name="North LEAD workgroup", default_place="North precinct, room 2", actor=coordinator)


@pytest.fixture
def seated(workgroup, coordinator):
    """seated(user, role) gives the user a seat in the workgroup."""

    def seat(user, role=MemberRole.OFFICER):
        membership_add(workgroup=workgroup, user=user, role=role, actor=coordinator)
        return user

    return seat


@pytest.fixture
def members(seated, officer, sergeant, case_manager, prosecutor, coordinator):
    seated(officer, MemberRole.OFFICER)
    seated(sergeant, MemberRole.SERGEANT)
    seated(case_manager, MemberRole.CASE_MANAGER)
    seated(prosecutor, MemberRole.PROSECUTOR)
    seated(coordinator, MemberRole.COORDINATOR)
    return {"officer": officer, "sergeant": sergeant, "case_manager": case_manager, "prosecutor": prosecutor}


def schedule(workgroup, *, actor, starts_in: timedelta, minutes: int = 90, place: str = "Room 2"):
    starts_at = timezone.now() + starts_in
    return meeting_schedule(
        workgroup=workgroup,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        place=place,
        actor=actor,
    )


@pytest.fixture
def past_meeting(workgroup, coordinator):
    """Started an hour ago: its agenda, minutes and attendance can be recorded."""
    return schedule(workgroup, actor=coordinator, starts_in=-timedelta(hours=1))


@pytest.fixture
def next_meeting(workgroup, coordinator):
    return schedule(workgroup, actor=coordinator, starts_in=timedelta(days=2))


@pytest.fixture
def defender(make_user):
    return make_user(Role.PUBLIC_DEFENDER, username="defender")
