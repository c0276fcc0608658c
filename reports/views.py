"""Report pages and exports. Thin: the scope comes from reports.selectors, the
figures from reports.results, every write (and audit) from reports.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from lead_ops.service_errors import attempt

from . import services
from .exports.writers import csv_lines
from .filters import filters_from
from .forms import ExportForm
from .models import ReportExport
from .results import cached, dashboard_sections, discretion_figures, equity_figures
from .selectors import exports_of, get_export_for_owner, report_scope

view_reports = permission_required("reports.view_reports", raise_exception=True)


def _limits() -> dict:
    return {
        "small_cell_min": settings.LEAD_SMALL_CELL_MIN,
        "link_hours": settings.LEAD_EXPORT_LINK_HOURS,
        "discretion_minimum": settings.LEAD_DISCRETION_MIN_COUNT,
    }


def _page(request, template: str, body_template: str, compute):
    """A report page: the filters, and a body of figures rendered once per
    scope and filters and then served from the cache (reports.results.cached)."""
    scope = report_scope(request.user)
    form, filters = filters_from(request.GET, scope)
    context = {"form": form, "filters": filters, "scope": scope, **_limits()}
    if filters is not None:

        def render_body():
            body_context = {"filters": filters, "scope": scope, **_limits(), **compute(request.user, scope, filters)}
            return render_to_string(body_template, body_context)

        context["body"] = cached(f"page:{body_template}", scope, filters, render_body)
    return render(request, template, context)


@view_reports
@require_GET
def dashboard(request):
    return _page(
        request,
        "reports/dashboard.html",
        "reports/_dashboard_body.html",
        lambda u, s, f: {"sections": dashboard_sections(u, s, f)},
    )


@view_reports
@require_GET
def discretion(request):
    return _page(
        request,
        "reports/discretion.html",
        "reports/_discretion_body.html",
        lambda u, s, f: {"discretion": discretion_figures(u, s, f)},
    )


@view_reports
@require_GET
def equity(request):
    return _page(
        request, "reports/equity.html", "reports/_equity_body.html", lambda u, s, f: {"tables": equity_figures(u, s, f)}
    )


@view_reports
@require_http_methods(["GET", "POST"])
def export_index(request):
    scope = report_scope(request.user)
    data = request.POST if request.method == "POST" else request.GET
    filter_form, filters = filters_from(data, scope)
    initial = {"kind": data.get("kind") or ReportExport.Kind.REFERRALS}
    export_form = ExportForm(request.POST if request.method == "POST" else None, user=request.user, initial=initial)
    if request.method == "POST" and filters is not None and export_form.is_valid():
        choice = export_form.cleaned_data
        if choice["format"] == ReportExport.Format.CSV:
            return _stream_csv(request.user, choice["kind"], filters, choice["deidentified"])
        export = services.report_export_request(
            owner=request.user,
            kind=choice["kind"],
            fmt=choice["format"],
            filters=filters,
            deidentified=choice["deidentified"],
        )
        return redirect("reports:export-status", export_id=export.pk)
    context = {
        "form": filter_form,
        "export_form": export_form,
        "filters": filters,
        "scope": scope,
        "exports": list(exports_of(request.user)[:20]),
        **_limits(),
    }
    return render(request, "reports/exports.html", context, status=400 if request.method == "POST" else 200)


def _stream_csv(user, kind, filters, deidentified) -> StreamingHttpResponse:
    table = services.report_export_stream_start(user=user, kind=kind, filters=filters, deidentified=deidentified)
    response = StreamingHttpResponse(csv_lines(table.header, table.rows), content_type="text/csv; charset=utf-8")
    tag = "-deidentified" if deidentified else ""
    filename = f"lead-{kind}{tag}-{filters.date_from}-{filters.date_to}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@view_reports
@require_GET
def export_status(request, export_id):
    export = get_export_for_owner(request.user, export_id)
    if request.htmx:
        return render(request, "reports/_export_status.html", {"export": export})
    return render(request, "reports/export_status.html", {"export": export})


@view_reports
@require_GET
def export_download(request, export_id):
    export = get_export_for_owner(request.user, export_id)
    try:
        download = attempt(lambda: services.report_export_download(export=export, user=request.user))
    except services.ExportExpired:
        return render(request, "reports/export_gone.html", {"export": export, **_limits()}, status=410)
    if not download.ok:
        messages.info(request, "This export is not ready yet.")
        return redirect("reports:export-status", export_id=export.pk)
    response = FileResponse(download.result, as_attachment=True, filename=export.filename)
    response["Cache-Control"] = "no-store"
    return response
