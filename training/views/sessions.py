"""Sessions and their rosters: coordinators and administrators."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops import audit
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent
from lead_ops.service_errors import run_service

from .. import selectors, services
from ..filters import SessionFilter
from ..forms import AttendanceForm, SessionForm
from ..materials import display_name
from ..models import TrainingSession
from ..rules import can_manage_training
from .access import audit_people_shown, permission_required, refuse

PAGE_SIZE = 25


@permission_required("training.manage")
def session_list(request):
    sessions = SessionFilter(request.GET, queryset=selectors.sessions_visible_to(request.user))
    page = Paginator(sessions.qs.order_by("-held_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/session_list.html", {"filter": sessions, "page": page})


@permission_required("training.manage")
def session_create(request):
    form = SessionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.training_session_create(**form.service_arguments(), actor=request.user), form=form
        )
        if outcome.ok:
            messages.success(request, f"Session “{outcome.result.title}” saved.")
            return redirect(outcome.result)
    context = {"form": form, "session": None, "lost_file": _lost_file_name(request, form)}
    return render(request, "training/session_form.html", context)


@permission_required("training.manage")
def session_edit(request, pk):
    session = selectors.get_session_for_manage(request.user, pk)
    initial = {
        "title": session.title,
        "held_on": session.held_on,
        "hours": session.hours,
        "place": session.place,
        "topics": session.topics.all(),
        "trainers": session.trainers.all(),
        "outside_trainers": session.outside_trainers,
    }
    form = SessionForm(request.POST or None, request.FILES or None, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.training_session_update(
                session=session,
                **form.service_arguments(),
                remove_materials=form.cleaned_data.get("remove_materials", False),
                actor=request.user,
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, "Session changes saved.")
            return redirect(session)
    context = {"form": form, "session": session, "lost_file": _lost_file_name(request, form)}
    return render(request, "training/session_form.html", context)


def _lost_file_name(request, form) -> str:
    """A page that comes back with errors cannot keep the file that was chosen:
    the name to ask for again, as the page may show it (never in help text)."""
    upload = request.FILES.get("materials")
    if upload is not None and form.errors and "materials" not in form.errors:
        return display_name(upload.name)
    return ""


@permission_required("training.manage")
def session_detail(request, pk):
    session = selectors.get_session_for_manage(request.user, pk)
    roster = selectors.session_roster(session)
    audit_people_shown(request, [a.attendee_id for a in roster], f"Roster of training session {session.pk}")
    return render(request, "training/session_detail.html", {"session": session, "roster": roster})


@require_POST
@permission_required("training.manage")
def session_delete(request, pk):
    session = selectors.get_session_for_manage(request.user, pk)
    if not run_service(request, lambda: services.training_session_delete(session=session, actor=request.user)).ok:
        return redirect(session)
    messages.success(request, f"Session “{session.title}” deleted.")
    return redirect("training:session_list")


def session_materials(request, pk):
    """The session's file, for coordinators and administrators, its trainers
    and its attendees. Always a download, never shown inline."""
    session = get_visible_or_404(TrainingSession.objects.all(), pk, "No such training session.")
    if not session.materials:
        raise Http404("This session has no materials.")
    involved = (
        session.trainers.filter(pk=request.user.pk).exists()
        or session.attendances.filter(attendee=request.user).exists()
    )
    if not (can_manage_training(request.user) or involved):
        raise refuse(request, "materials are for the session's trainers, attendees and coordinators")
    audit.record(action=AuditEvent.Action.VIEW, actor=request.user, target=session, summary="Training materials")
    return FileResponse(
        session.materials.open("rb"),
        as_attachment=True,
        filename=session.materials_name or session.materials.name.rsplit("/", 1)[-1],
        content_type=session.materials_content_type or "application/octet-stream",
    )


@permission_required("training.manage")
def attendance(request, pk):
    session = selectors.get_session_for_manage(request.user, pk)
    checklist = selectors.attendance_checklist(session)
    candidates = [person for _, people in checklist for person, _ in people]
    form = AttendanceForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.attendance_record(
                session=session, attendees=form.cleaned_data["attendees"], actor=request.user
            ),
            form=form,
        )
        if outcome.ok:
            added = outcome.result
            messages.success(request, f"{len(added)} {'person' if len(added) == 1 else 'people'} added to the roster.")
            return redirect(session)
    ticked = {str(pk) for pk in form.data.getlist("attendees")} if form.is_bound else set()
    audit_people_shown(
        request,
        [person.pk for _, people in checklist for person, on_roster in people if on_roster],
        f"Attendance checklist of training session {session.pk}",
    )
    return render(
        request,
        "training/attendance.html",
        {"session": session, "checklist": checklist, "form": form, "ticked": ticked},
    )


@require_POST
@permission_required("training.manage")
def attendance_remove(request, pk, attendance_pk):
    session = selectors.get_session_for_manage(request.user, pk)
    entry = get_visible_or_404(session.attendances.select_related("attendee"), attendance_pk)
    services.attendance_remove(attendance=entry, actor=request.user)
    messages.success(request, f"{entry.attendee.display_name} removed from the roster, with the records it gave.")
    return redirect(session)
