"""/workgroup/issues/: the operational issue tracker, open to everyone signed in."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from lead_ops.service_errors import run_service
from workgroup import selectors, services
from workgroup.forms import IssueForm, IssueUpdateForm
from workgroup.models import OperationalIssue
from workgroup.rules import is_workgroup_manager, may_hold_a_seat

PAGE_SIZE = 25


def issue_index(request):
    status = request.GET.get("status", "")
    if status not in OperationalIssue.Status.values:
        status = ""
    mine = request.GET.get("mine") == "1"
    issues = selectors.issue_list(request.user, status=status, mine=mine)
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "issues": list(page.object_list),
        "status": status,
        "mine": mine,
        "statuses": OperationalIssue.Status.choices,
        "query": query.urlencode(),
        "show_subnav": may_hold_a_seat(request.user),
    }
    return render(request, "workgroup/issues.html", context)


def issue_new(request):
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.issue_raise(raised_by=request.user, **form.cleaned_data), form=form
        )
        if outcome.ok:
            issue = outcome.result
            messages.success(
                request,
                f"Thank you: issue {issue.pk} is with the operational workgroup. You will see its progress here.",
            )
            return redirect(issue)
    return render(request, "workgroup/issue_new.html", {"form": form})


def issue_detail(request, pk):
    issue = selectors.get_issue(request.user, pk)
    manager = is_workgroup_manager(request.user)
    form = None
    if manager:
        initial = {
            "status": issue.status,
            "resolution": issue.resolution,
            "protocol_version": issue.protocol_version_id,
            "workgroup": issue.workgroup_id,
        }
        form = IssueUpdateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            outcome = run_service(
                request, lambda: services.issue_update(issue=issue, actor=request.user, **form.cleaned_data), form=form
            )
            if outcome.ok:
                messages.success(request, "Issue updated; whoever raised it sees the change.")
                return redirect(issue)
    elif request.method == "POST":
        raise PermissionDenied("Only a workgroup coordinator changes an issue.")
    context = {
        "issue": issue,
        "meetings": selectors.meetings_of_issue(issue, request.user),
        "actions": list(issue.action_items.select_related("owner").order_by("due_on")),
        "form": form,
    }
    return render(request, "workgroup/issue.html", context)
