"""The section the community door makes: the doors side by side, the community
door by referring organisation, and the time from a partner's referral to the
first contact with the person."""

from reports.figures import doors
from reports.selectors import community_referrals_in_scope

from . import ReportQuery, Section


def _doors(query: ReportQuery):
    groups = doors.door_groups(community_referrals_in_scope(query.scope, query.filters))
    counts = doors.door_counts(query.referrals, groups, route_id=query.filters.route_id)
    contact, quantiles = doors.first_contact_counts(query.referrals)
    return [
        doors.referrals_by_door(counts),
        doors.by_referring_organisation(doors.organisation_rows(groups)),
        doors.time_to_first_contact(contact, quantiles),
    ]


SECTION = Section("doors", "Doors into LEAD", _doors, order=15)
