"""The demo workgroup: past meetings with minutes and attendance, open and resolved issues."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from workgroup.models import ActionItem, OperationalIssue, Workgroup
from workgroup.selectors import attendance_rows, past_meetings

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_workgroup_with_a_history():
    call_command("seed_demo")

    workgroup = Workgroup.objects.get()
    assert workgroup.memberships.filter(role="officer").exists() and workgroup.memberships.filter(role="sergeant")
    # Three meetings on past days; the series' meeting today may or may not have begun.
    held = [m for m in workgroup.meetings.all() if m.local_date < timezone.localdate()]
    assert len(held) == 3
    assert sum(m.minutes_locked for m in held) == 2
    assert workgroup.meetings.filter(starts_at__gt=timezone.now()).exists()
    statuses = set(OperationalIssue.objects.values_list("status", flat=True))
    assert {"open", "resolved", "wont_fix", "in_progress"} <= statuses
    assert ActionItem.objects.filter(status="done").exists() and ActionItem.objects.filter(status="open").exists()

    coordinator = workgroup.memberships.get(role="coordinator").user
    flagged = [row for row in attendance_rows(past_meetings(coordinator)) if row["missing"] == ["sergeant"]]
    assert len(flagged) == 1
