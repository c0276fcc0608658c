"""Meetings: the list, one meeting's page, scheduling, the attendance report."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.service_errors import run_service
from workgroup import selectors, services
from workgroup.forms import AddendumForm, AgendaItemForm, MeetingForm, SeriesForm
from workgroup.rules import is_workgroup_manager

from .common import manager_required

PAGE_SIZE = 20


def meeting_index(request):
    now = timezone.now()
    past = Paginator(selectors.past_meetings(request.user, now=now), PAGE_SIZE).get_page(request.GET.get("page"))
    past_rows = selectors.attendance_rows(past.object_list)
    context = {
        "upcoming": selectors.upcoming_meetings(request.user, now=now),
        "page": past,
        "past_rows": past_rows,
        "is_manager": is_workgroup_manager(request.user),
        "now": now,
    }
    return render(request, "workgroup/meetings.html", context)


def meeting_context(request, meeting, *, agenda_form=None, addendum_form=None) -> dict:
    user = request.user
    rows = selectors.agenda_for(meeting, user)
    attendance = selectors.attendance_of(meeting)
    manager = is_workgroup_manager(user)
    started = meeting.has_started()
    return {
        "meeting": meeting,
        "rows": rows,
        "attendance": attendance,
        "missing": selectors.police_seats_missing(a.role for a in attendance) if started else [],
        "started": started,
        "general_addenda": selectors.general_addenda_of(meeting),
        "actions": selectors.action_items_of_meeting(meeting),
        "is_manager": manager,
        "agenda_form": agenda_form
        or (AgendaItemForm() if manager and not meeting.minutes_locked and not meeting.is_cancelled else None),
        "addendum_form": addendum_form or (AddendumForm(rows=rows) if manager and meeting.minutes_locked else None),
        "today": timezone.localdate(),
    }


def _audit_meeting_view(request, meeting, rows) -> None:
    shown = sorted(row.item.referral_id for row in rows if row.item.referral_id and not row.restricted)
    audit.record(
        action=AuditEvent.Action.VIEW,
        actor=request.user,
        target=meeting,
        detail={"referrals_shown": shown} if shown else None,
    )


def meeting_detail(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    context = meeting_context(request, meeting)
    _audit_meeting_view(request, meeting, context["rows"])
    return render(request, "workgroup/meeting.html", context)


@manager_required
def meeting_new(request):
    workgroups = selectors.workgroups_for(request.user)
    form = MeetingForm(request.POST or None, workgroups=workgroups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(
            request,
            lambda: services.meeting_schedule(
                workgroup=data["workgroup"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                actor=request.user,
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, "Meeting scheduled.")
            return redirect(outcome.result)
    return render(request, "workgroup/meeting_form.html", {"form": form, "title": "Schedule a meeting"})


@manager_required
def series_new(request):
    workgroups = selectors.workgroups_for(request.user)
    form = SeriesForm(request.POST or None, workgroups=workgroups)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(request, lambda: services.meeting_series_create(actor=request.user, **data), form=form)
        if outcome.ok:
            made = outcome.result.meetings.count()
            messages.success(request, f"Series set up: {made} upcoming meeting{'s' if made != 1 else ''} scheduled.")
            return redirect("workgroup:meetings")
    return render(request, "workgroup/meeting_form.html", {"form": form, "title": "Set up a regular meeting"})


@require_POST
@manager_required
def meeting_cancel(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if run_service(request, lambda: services.meeting_cancel(meeting=meeting, actor=request.user)).ok:
        messages.success(request, "Meeting cancelled; calendars will show it as cancelled.")
    return redirect(meeting)


@require_POST
@manager_required
def meeting_send_agenda(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if run_service(request, lambda: services.meeting_agenda_send_now(meeting=meeting, actor=request.user)).ok:
        messages.success(request, "The agenda is on its way to the members.")
    return redirect(meeting)


def attendance_report(request):
    page = Paginator(selectors.attendance_report(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.attendance_rows(page.object_list)
    return render(request, "workgroup/attendance_report.html", {"page": page, "rows": rows})
