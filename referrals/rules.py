"""Who may do what with referrals and people (which rows: the selectors)."""

import rules

from lead_ops.accounts.rules import (
    is_administrator,
    is_case_manager,
    is_coordinator,
    is_police,
    is_project_manager,
    is_prosecutor,
    is_sergeant,
)

can_file_referral = is_police
# The screening form's parts (live screening, the person section): police, and
# the project team screening a community referral.
can_screen_referral = is_police | is_project_manager
can_hand_off = is_police | is_project_manager
can_list_referrals = is_police | is_coordinator | is_project_manager | is_administrator
can_search_people = is_police | is_administrator

rules.add_perm("referrals.file_referral", can_file_referral)
rules.add_perm("referrals.list_referrals", can_list_referrals)
rules.add_perm("referrals.search_people", can_search_people)
rules.add_perm("referrals.screen_referral", can_screen_referral)
rules.add_perm("referrals.hand_off", can_hand_off)

rules.add_perm("referrals.review_decisions", is_sergeant)
rules.add_perm("referrals.receive_handoffs", is_case_manager)
rules.add_perm("referrals.decide_charging", is_prosecutor)
rules.add_perm("referrals.account_disclosures", is_administrator)
