"""Personal calendar feeds: made and revoked by their owner; read by calendar
apps without sign-in through an unguessable link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lead_ops.service_errors import run_service
from workgroup import ical, selectors, services
from workgroup.models import CalendarFeed


def calendar_manage(request):
    active = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).first()
    return render(request, "workgroup/calendar.html", {"feed": active, "new_url": None})


@require_POST
def calendar_create(request):
    feed, token = services.calendar_feed_create(user=request.user)
    new_url = request.build_absolute_uri(reverse("workgroup:calendar-feed", args=[token]))
    # Shown once, in this response only: the token itself is not stored.
    return render(request, "workgroup/calendar.html", {"feed": feed, "new_url": new_url})


@require_POST
def calendar_revoke(request):
    if run_service(request, lambda: services.calendar_feed_revoke(user=request.user)).ok:
        messages.success(request, "Calendar link revoked: calendars using it will no longer update.")
    return redirect("workgroup:calendar")


@login_not_required
@require_GET
def calendar_feed(request, token):
    feed = services.calendar_feed_resolve(token=token)
    if feed is None:
        return HttpResponse(
            "This calendar link is not valid: it was revoked or replaced by a newer one. "
            "Make a new link on the Calendar page of the workgroup.\n",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    meetings = selectors.calendar_meetings_for(feed.user)
    body = ical.feed_ics(meetings, owner_name=feed.user.get_full_name() or feed.user.username)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="workgroup-meetings.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
