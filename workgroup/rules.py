"""Who may do what in the workgroup app (which rows: the selectors).

The issue tracker is open to everyone signed in: any officer can raise what gets
in the way. Meetings and action items belong to the workgroup's members;
coordinators and administrators run every workgroup."""

import rules

from lead_ops.accounts.roles import Role
from lead_ops.accounts.rules import is_administrator, is_coordinator


@rules.predicate
def is_signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


is_workgroup_manager = is_coordinator | is_administrator

# Roles that can hold a seat in a workgroup; the navigation shows them the
# meetings without a query (an analyst has no seat).
SEATED_ROLES = (
    Role.OFFICER,
    Role.SERGEANT,
    Role.CASE_MANAGER,
    Role.PROSECUTOR,
    Role.PUBLIC_DEFENDER,
    Role.COMMUNITY_REPRESENTATIVE,
    Role.COORDINATOR,
    Role.ADMINISTRATOR,
)


@rules.predicate
def may_hold_a_seat(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(*SEATED_ROLES)


@rules.predicate
def is_member_of_meetings_workgroup(user, meeting) -> bool:
    if meeting is None or not getattr(user, "is_authenticated", False):
        return False
    return meeting.workgroup.memberships.filter(user=user, is_active=True).exists()


@rules.predicate
def owns_action_item(user, action_item) -> bool:
    return action_item is not None and action_item.owner_id == getattr(user, "pk", None)


rules.add_perm("workgroup.raise_issue", is_signed_in)
rules.add_perm("workgroup.manage", is_workgroup_manager)
rules.add_perm("workgroup.view_meeting", is_workgroup_manager | is_member_of_meetings_workgroup)
rules.add_perm("workgroup.update_action_item", is_workgroup_manager | owns_action_item)
