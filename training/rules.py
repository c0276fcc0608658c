"""Who may do what in peer training.

Coordinators and administrators manage topics, sessions, attendance, peer
trainers and imports, and see compliance everywhere; sergeants see compliance
for the units they supervise; everyone signed in sees their own training."""

import rules

from lead_ops.accounts.rules import is_administrator, is_coordinator, is_officer, is_sergeant

can_manage_training = is_coordinator | is_administrator


rules.add_perm("training.manage", can_manage_training)
rules.add_perm("training.view_compliance", can_manage_training | is_sergeant)
rules.add_perm("training.acknowledge_protocol", is_officer | is_sergeant)
