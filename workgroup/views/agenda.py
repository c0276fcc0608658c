"""A meeting's record: agenda, minutes, attendance, approval, addenda, print and CSV."""

import csv

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lead_ops import audit
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent
from lead_ops.service_errors import run_service
from referrals.models import Referral
from workgroup import selectors, services
from workgroup.forms import AddendumForm, AgendaBuildForm, AgendaItemForm, AttendanceForm, MinutesForm
from workgroup.models import AgendaItem
from workgroup.services.agenda import referral_refusal

from .common import manager_required
from .meetings import meeting_context

RESTRICTED = "restricted"


@require_POST
@manager_required
def agenda_item_add(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        number = data["referral_number"]
        referral = Referral.objects.filter(pk=number).first() if number else None
        if number and referral is None:
            form.add_error("referral_number", referral_refusal(number))
        elif run_service(
            request,
            lambda: services.agenda_item_add(
                meeting=meeting,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                detail=data["detail"],
                issue=data["issue"],
                referral=referral,
                protocol_version=data["protocol_version"],
            ),
            form=form,
            aliases={"referral": "referral_number"},
        ).ok:
            messages.success(request, "Item added to the agenda.")
            return redirect(meeting)
    context = meeting_context(request, meeting, agenda_form=form)
    return render(request, "workgroup/meeting.html", context, status=200)


def _item_of(meeting, item_pk) -> AgendaItem:
    return get_visible_or_404(AgendaItem.objects.filter(meeting=meeting), item_pk)


@require_POST
@manager_required
def agenda_item_move(request, pk, item_pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    item = _item_of(meeting, item_pk)
    run_service(
        request,
        lambda: services.agenda_item_move(item=item, actor=request.user, direction=request.POST.get("direction", "")),
    )
    if request.htmx:
        context = meeting_context(request, meeting)
        context["moved"] = item.pk
        return render(request, "workgroup/_agenda.html", context)
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@require_POST
@manager_required
def agenda_item_remove(request, pk, item_pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    item = _item_of(meeting, item_pk)
    if run_service(request, lambda: services.agenda_item_remove(item=item, actor=request.user)).ok:
        messages.success(request, "Item taken off the agenda.")
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@manager_required
def agenda_build(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if meeting.minutes_locked or meeting.is_cancelled:
        messages.info(request, "This meeting's agenda can no longer change.")
        return redirect(meeting)
    proposals = selectors.agenda_proposals(meeting, request.user)
    ticked = [p.key for p in proposals if p.ticked_by_default]
    form = AgendaBuildForm(request.POST or None, proposals=proposals, initial={"keep": ticked})
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        outcome = run_service(request, lambda: services.agenda_build(meeting=meeting, actor=request.user, keep=keep))
        if outcome.ok:
            added = outcome.result
            dropped = len(proposals) - len(added)
            messages.success(
                request, f"{len(added)} item{'s' if len(added) != 1 else ''} added to the agenda, {dropped} dropped."
            )
            return redirect(f"{meeting.get_absolute_url()}#agenda")
    context = {
        "meeting": meeting,
        "proposals": proposals,
        "groups": selectors.proposals_by_group(proposals),
        "form": form,
    }
    return render(request, "workgroup/agenda_build.html", context)


@manager_required
def minutes_edit(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    rows = selectors.agenda_for(meeting, request.user)
    if meeting.minutes_locked:
        messages.info(request, "These minutes are approved and locked; add an addendum to correct them.")
        return redirect(meeting)
    form = MinutesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.minutes_record(meeting=meeting, actor=request.user, minutes=form.minutes())
        )
        if outcome.ok:
            changed = outcome.result
            messages.success(request, f"Minutes saved ({len(changed)} item{'s' if len(changed) != 1 else ''} changed).")
            return redirect(meeting)
    return render(request, "workgroup/minutes_form.html", {"meeting": meeting, "rows": rows, "form": form})


@require_POST
@manager_required
def minutes_approve(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if run_service(request, lambda: services.minutes_approve(meeting=meeting, actor=request.user)).ok:
        messages.success(request, "Minutes approved and locked. Corrections from now on are addenda.")
    return redirect(meeting)


@require_POST
@manager_required
def addendum_add(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    rows = selectors.agenda_for(meeting, request.user)
    form = AddendumForm(request.POST, rows=rows)
    if form.is_valid():
        outcome = run_service(
            request,
            lambda: services.addendum_add(
                meeting=meeting,
                actor=request.user,
                text=form.cleaned_data["text"],
                agenda_item=form.cleaned_data["agenda_item"],
            ),
            form=form,
        )
        if outcome.ok:
            messages.success(request, "Addendum added to the minutes.")
            return redirect(f"{meeting.get_absolute_url()}#minutes")
    return render(request, "workgroup/meeting.html", meeting_context(request, meeting, addendum_form=form))


@manager_required
def attendance_edit(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    if meeting.minutes_locked:
        messages.info(request, "The minutes are approved: attendance is part of them and locked.")
        return redirect(meeting)
    form = AttendanceForm(
        request.POST or None, members=selectors.members_of(meeting.workgroup), recorded=selectors.attendance_of(meeting)
    )
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.attendance_record(meeting=meeting, actor=request.user, attendees=form.attendees())
        )
        if outcome.ok:
            rows = outcome.result
            missing = selectors.police_seats_missing(row.role for row in rows)
            messages.success(request, f"Attendance recorded: {len(rows)} present.")
            if missing:
                messages.warning(request, f"No {' and no '.join(missing)} at this meeting.")
            return redirect(meeting)
    return render(request, "workgroup/attendance_form.html", {"meeting": meeting, "form": form})


def minutes_print(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    context = meeting_context(request, meeting)
    context["printed_at"] = timezone.now()
    audit.record(action=AuditEvent.Action.VIEW, actor=request.user, target=meeting, summary="Printable minutes")
    return render(request, "workgroup/minutes_print.html", context)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _stamp(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def minutes_csv(request, pk):
    meeting = selectors.get_meeting_for_user(request.user, pk)
    rows = selectors.agenda_for(meeting, request.user)
    when = _stamp(meeting.starts_at)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="minutes-{when[:10]}-meeting-{meeting.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["meeting", "item", "kind", "title", "entry", "text", "written_by", "written_at"])

    def write(*cells):
        writer.writerow([csv_cell(cell) for cell in (when, *cells)])

    for row in rows:
        item = row.item
        if row.restricted:
            write(item.position, item.get_kind_display(), RESTRICTED, "minutes", RESTRICTED, "", "")
            continue
        author = item.minutes_updated_by.display_name if item.minutes_updated_by_id else ""
        write(
            item.position,
            item.get_kind_display(),
            item.title,
            "minutes",
            item.minutes,
            author,
            _stamp(item.minutes_updated_at),
        )
        for addendum in item.addenda.all():
            write(
                item.position,
                item.get_kind_display(),
                item.title,
                "addendum",
                addendum.text,
                addendum.author.display_name,
                _stamp(addendum.created_at),
            )
    for addendum in selectors.general_addenda_of(meeting):
        write(
            "",
            "",
            "The meeting as a whole",
            "addendum",
            addendum.text,
            addendum.author.display_name,
            _stamp(addendum.created_at),
        )
    audit.record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        target=meeting,
        summary="Minutes exported as CSV",
        detail={"restricted_items": sum(row.restricted for row in rows)},
    )
    return response
