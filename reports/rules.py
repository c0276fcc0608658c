"""Who may open reports. Which referrals a report counts: reports.selectors."""

import rules

from lead_ops.accounts.rules import is_administrator, is_analyst, is_coordinator, is_project_manager, is_sergeant

# The project team runs the program across agencies: its reports are theirs as they are the coordinator's.
can_view_reports = is_analyst | is_coordinator | is_project_manager | is_sergeant | is_administrator

rules.add_perm("reports.view_reports", can_view_reports)
