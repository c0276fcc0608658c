"""The roles of a LEAD site. Each role is a Django group of the same name."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "Officer", "Officer"
    SERGEANT = "Sergeant", "Sergeant"
    CASE_MANAGER = "Case manager", "Case manager"
    PROSECUTOR = "Prosecutor", "Prosecutor"
    PUBLIC_DEFENDER = "Public defender", "Public defender"
    COMMUNITY_REPRESENTATIVE = "Community representative", "Community representative"
    COORDINATOR = "Workgroup coordinator", "Workgroup coordinator"
    ANALYST = "Analyst", "Analyst"
    ADMINISTRATOR = "Administrator", "Administrator"
    AGENCY_ADMINISTRATOR = "Agency administrator", "Agency administrator"
    # The community door: partners who are not police refer; the project team triages.
    COMMUNITY_REFERRER = "Community referrer", "Community referrer"
    PROJECT_MANAGER = "Project manager", "Project manager"


POLICE_ROLES = frozenset({Role.OFFICER, Role.SERGEANT})

# What an agency administrator may give their agency's people: its police roles
# and their own, never a program-wide role.
AGENCY_ASSIGNABLE_ROLES = frozenset({Role.OFFICER, Role.SERGEANT, Role.AGENCY_ADMINISTRATOR})
