"""Who may do what at the community door (which rows: the selectors)."""

import rules

from lead_ops.accounts.rules import is_administrator, is_community_referrer, is_police, is_project_manager


@rules.predicate
def is_designated_verifier(user) -> bool:
    """An officer or sergeant their agency designated to verify community referrals."""
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.verifies_community_referrals


can_refer = is_community_referrer
can_triage = is_project_manager | is_administrator
can_verify = is_police & is_designated_verifier

rules.add_perm("community.refer", can_refer)
rules.add_perm("community.triage", can_triage)
rules.add_perm("community.verify", can_verify)
