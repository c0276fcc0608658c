"""Compliance by unit and role, and the roll-out: coordinators, administrators
and (for their own units) sergeants. Each page records which people it showed."""

from django.shortcuts import render

from .. import compliance as reads
from .access import audit_people_shown, permission_required


@permission_required("training.view_compliance")
def compliance(request):
    result = reads.compliance_for(request.user)
    audit_people_shown(request, result.people_ids, "Training compliance by unit and role")
    return render(request, "training/compliance.html", {"compliance": result})


@permission_required("training.view_compliance")
def unit_compliance(request, pk):
    result = reads.unit_compliance_for(request.user, pk)  # 404 unless the unit is one they may see
    unit = result.groups[0].unit
    rows = [
        (group.role, member, [member.status.standing(topic.pk) for topic in result.topics])
        for group in result.groups
        for member in group.members
    ]
    audit_people_shown(request, result.people_ids, f"Training compliance of unit {unit.pk}", unit=unit.pk)
    return render(request, "training/unit_compliance.html", {"compliance": result, "unit": unit, "rows": rows})


@permission_required("training.view_compliance")
def rollout(request):
    result = reads.rollout_for(request.user)
    audit_people_shown(request, result.people_ids, "Training roll-out by unit")
    return render(request, "training/rollout.html", {"rollout": result})
