from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .selectors import notifications_for
from .services import notifications_mark_read


def notification_index(request):
    return render(request, "notifications/index.html", {"notifications": notifications_for(request.user)})


@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:index")
