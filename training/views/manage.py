"""Topics, peer trainers and the CSV import: coordinators and administrators."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops.service_errors import run_service

from .. import imports, selectors, services
from ..forms import PeerTrainerForm, RecordImportForm, TopicForm
from .access import audit_people_shown, permission_required

RECENT_IMPORTS = 10


@permission_required("training.manage")
def topic_list(request):
    return render(request, "training/topic_list.html", {"topics": selectors.topics_visible_to(request.user)})


@permission_required("training.manage")
def topic_create(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.topic_create(**form.cleaned_data, actor=request.user), form=form
        )
        if outcome.ok:
            messages.success(request, f"Topic “{outcome.result.name}” added.")
            return redirect("training:topic_list")
    return render(request, "training/topic_form.html", {"form": form, "topic": None})


@permission_required("training.manage")
def topic_edit(request, pk):
    topic = selectors.topics_visible_to(request.user).filter(pk=pk).first()
    if topic is None:
        raise Http404("No such topic.")
    initial = {
        "name": topic.name,
        "code": topic.code,
        "description": topic.description,
        "refresher_months": topic.refresher_months,
        "required_roles": [r.role for r in topic.requirements.all()],
        "is_active": topic.is_active,
    }
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.topic_update(topic=topic, **form.cleaned_data, actor=request.user), form=form
        )
        if outcome.ok:
            messages.success(request, f"Topic “{form.cleaned_data['name']}” saved.")
            return redirect("training:topic_list")
    return render(request, "training/topic_form.html", {"form": form, "topic": topic})


@permission_required("training.manage")
def trainer_list(request):
    form = PeerTrainerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request, lambda: services.peer_trainer_flag(**form.cleaned_data, actor=request.user), form=form
        )
        if outcome.ok:
            messages.success(request, f"{form.cleaned_data['user'].display_name} is now a peer trainer.")
            return redirect("training:trainer_list")
    trainers = list(selectors.peer_trainers_visible_to(request.user))
    return render(request, "training/trainer_list.html", {"trainers": trainers, "form": form})


@require_POST
@permission_required("training.manage")
def trainer_retire(request, pk):
    trainer = selectors.peer_trainers_visible_to(request.user).filter(pk=pk, is_active=True).first()
    if trainer is None:
        raise Http404("No such active peer trainer.")
    services.peer_trainer_retire(trainer=trainer, actor=request.user)
    messages.success(request, f"{trainer.user.display_name} is no longer offered as a peer trainer.")
    return redirect("training:trainer_list")


@permission_required("training.manage")
def import_upload(request):
    form = RecordImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: services.record_import_upload(upload=form.cleaned_data["file"], actor=request.user),
            form=form,
        )
        if outcome.ok:
            record_import, _ = outcome.result
            return redirect(record_import)
    recent = selectors.record_imports_visible_to(request.user)[:RECENT_IMPORTS]
    return render(request, "training/import_upload.html", {"form": form, "recent": recent})


@permission_required("training.manage")
def import_preview(request, pk):
    record_import = selectors.get_record_import_for_manage(request.user, pk)
    result = imports.preview(record_import.content)
    earlier = (
        selectors.record_imports_visible_to(request.user)
        .filter(sha256=record_import.sha256, applied_at__isnull=False)
        .exclude(pk=record_import.pk)
        .first()
    )
    audit_people_shown(
        request, {row.person.pk for row in result.rows if row.person}, f"Preview of training import {pk}"
    )
    return render(
        request,
        "training/import_preview.html",
        {"record_import": record_import, "preview": result, "earlier": earlier},
    )


@require_POST
@permission_required("training.manage")
def import_apply(request, pk):
    record_import = selectors.get_record_import_for_manage(request.user, pk)
    outcome = run_service(
        request, lambda: services.record_import_apply(record_import=record_import, actor=request.user)
    )
    if not outcome.ok:
        return redirect(record_import)
    created = outcome.result
    messages.success(request, f"Imported {len(created)} training record{'s' if len(created) != 1 else ''}.")
    return redirect(record_import)
