from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lead_ops.accounts.services import user_notification_delivery_set
from lead_ops.service_errors import run_service

from .forms import NoticeGroupForm, NotificationDeliveryForm
from .kinds import label_of
from .selectors import notification_groups_for, notifications_in_group
from .services import notifications_mark_read


def notification_index(request):
    """One line per kind and day, with a count; ?kind=&day= lists one group."""
    group = NoticeGroupForm(request.GET) if request.GET else None
    context = {
        "groups": notification_groups_for(request.user),
        "delivery_form": NotificationDeliveryForm(initial={"delivery": request.user.notification_delivery}),
    }
    if group is not None and group.is_valid():
        context["group"] = group.cleaned_data
        context["group_label"] = label_of(group.cleaned_data["kind"])
        context["notifications"] = notifications_in_group(request.user, **group.cleaned_data)
    elif group is not None:
        messages.error(request, "That group of notices is not one of yours; here are all of them.")
    return render(request, "notifications/index.html", context)


@require_POST
def notification_mark_all_read(request):
    group = NoticeGroupForm(request.POST)
    if group.is_valid():
        count = notifications_mark_read(user=request.user, **group.cleaned_data)
    else:
        count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notice{'s' if count != 1 else ''} marked read.")
    return redirect("notifications:index")


@require_POST
def notification_delivery_set(request):
    form = NotificationDeliveryForm(request.POST)
    if form.is_valid():
        delivery = form.cleaned_data["delivery"]
        if run_service(request, lambda: user_notification_delivery_set(user=request.user, delivery=delivery)).ok:
            messages.success(request, f"Saved: {request.user.get_notification_delivery_display().lower()}.")
    else:
        messages.error(request, "Choose how notices should reach you by e-mail.")
    return redirect("notifications:index")
