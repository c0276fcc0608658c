"""/workgroup/actions/: what members agreed to do, and by when."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lead_ops.service_errors import run_service
from workgroup import selectors, services
from workgroup.forms import ActionItemForm
from workgroup.models import ActionItem
from workgroup.rules import is_workgroup_manager

from .common import manager_required

PAGE_SIZE = 25
STATUS_FILTERS = [("", "Any status"), ("overdue", "Overdue"), *ActionItem.Status.choices]


def action_index(request):
    status = request.GET.get("status", "")
    if status not in dict(STATUS_FILTERS):
        status = ""
    mine = request.GET.get("mine") == "1"
    page = Paginator(selectors.action_item_list(request.user, status=status, mine=mine), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "actions": list(page.object_list),
        "status": status,
        "mine": mine,
        "filters": STATUS_FILTERS,
        "statuses": ActionItem.Status.choices,
        "is_manager": is_workgroup_manager(request.user),
        "today": timezone.localdate(),
        "query": query.urlencode(),
    }
    return render(request, "workgroup/actions.html", context)


@manager_required
def action_new(request):
    workgroups = selectors.workgroups_for(request.user)
    meeting = None
    if request.GET.get("meeting"):
        meeting = selectors.get_meeting_for_user(request.user, _number(request.GET["meeting"]))
        workgroup = meeting.workgroup
    else:
        workgroup = workgroups.filter(pk=_number(request.GET.get("workgroup", "0"))).first() or workgroups.first()
    if workgroup is None:
        raise Http404("No workgroup to assign action items in")
    meetings = selectors.meetings_visible_to(request.user).filter(workgroup=workgroup).order_by("-starts_at")
    form = ActionItemForm(
        request.POST or None,
        workgroup=workgroup,
        meetings=meetings,
        initial={"meeting": meeting.pk if meeting else None},
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.action_item_create(workgroup=workgroup, actor=request.user, **form.cleaned_data),
            form=form,
        )
        if outcome.ok:
            item = outcome.result
            messages.success(request, f"Action item assigned to {item.owner.get_full_name() or item.owner.username}.")
            return redirect(item.meeting or "workgroup:actions")
    return render(request, "workgroup/action_new.html", {"form": form, "workgroup": workgroup, "meeting": meeting})


def _number(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise Http404("Not a number") from None


@require_POST
def action_status(request, pk):
    item = selectors.get_action_item_for_user(request.user, pk)
    status = request.POST.get("status", "")
    if run_service(
        request, lambda: services.action_item_update_status(item=item, actor=request.user, status=status)
    ).ok:
        messages.success(request, "Action item updated.")
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/workgroup/") else "workgroup:actions")
