"""Pages for everyone signed in: my training, and the operational protocol to acknowledge."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops.protocol.models import ProtocolVersion
from lead_ops.protocol.selectors import protocol_current
from lead_ops.service_errors import run_service

from .. import selectors, services
from .access import refuse


def my_training(request):
    user = request.user
    return render(
        request,
        "training/my_training.html",
        {
            "status": selectors.training_status_for(user),
            "records": selectors.training_records_of(user),
            "protocol_due": selectors.protocol_acknowledgement_due(user),
            "acknowledgements": selectors.protocol_acknowledgements_of(user),
            "upcoming": selectors.sessions_upcoming(),
        },
    )


def protocol(request):
    version = protocol_current()
    acknowledgement = selectors.protocol_acknowledgement_of(request.user, version) if version else None
    return render(
        request,
        "training/protocol.html",
        {
            "version": version,
            "acknowledgement": acknowledgement,
            "may_acknowledge": request.user.has_perm("training.acknowledge_protocol"),
        },
    )


@require_POST
def protocol_acknowledge(request):
    if not request.user.has_perm("training.acknowledge_protocol"):
        raise refuse(request, "only officers and sergeants acknowledge the protocol")
    version = ProtocolVersion.objects.filter(pk=request.POST.get("version"), published_at__isnull=False).first()
    if version is None:
        messages.error(request, "That protocol version could not be found; read the current one below.")
        return redirect("training:protocol")
    if not run_service(
        request, lambda: services.protocol_acknowledgement_record(user=request.user, version=version)
    ).ok:
        return redirect("training:protocol")
    messages.success(request, f"Thank you: you acknowledged protocol version {version.number}.")
    return redirect("training:my_training")
