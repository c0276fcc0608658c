"""Exports: requested by a user, built in the background (or streamed), fetched
by their owner until the link expires, then deleted. Every export is audited:
when it is requested or streamed, when it is built, and each download."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from lead_ops import audit
from lead_ops.audit.models import AuditEvent

from .exports.tables import ExportTable, discretion_table, equity_table, referrals_table
from .exports.writers import write_csv, write_xlsx
from .filters import ReportFilters, filters_from
from .models import ReportExport
from .results import discretion_figures, equity_figures
from .selectors import identified_rows_allowed, referrals_for_identified_export, referrals_in_scope, report_scope

logger = logging.getLogger(__name__)
PROGRESS_STEPS = 50


def export_table(*, user, kind: str, filters: ReportFilters, deidentified: bool) -> ExportTable:
    """The rows of an export, read through the user's report scope. Rows with
    names are only ever the referrals the user may open one by one."""
    scope = report_scope(user)
    if kind == ReportExport.Kind.REFERRALS:
        if not deidentified and not identified_rows_allowed(user):
            raise PermissionDenied("Your exports of referrals are de-identified.")
        base = referrals_in_scope(user, scope) if deidentified else referrals_for_identified_export(user, scope)
        return referrals_table(filters.apply(base), deidentified=deidentified, user=user)
    if kind == ReportExport.Kind.DISCRETION:
        return discretion_table(discretion_figures(user, scope, filters), deidentified=deidentified)
    if kind == ReportExport.Kind.EQUITY:
        return equity_table(equity_figures(user, scope, filters))
    raise ValidationError(f"Unknown export kind {kind!r}.")


def _audit_export(*, user, summary: str, kind, fmt, filters: dict, deidentified, **detail) -> None:
    audit.record(
        action=AuditEvent.Action.EXPORT,
        actor=user,
        object_type="referrals.referral" if kind == ReportExport.Kind.REFERRALS else "reports.figures",
        summary=summary,
        detail={"kind": kind, "format": fmt, "filters": filters, "deidentified": deidentified, **detail},
    )


def report_export_stream_start(*, user, kind: str, filters: ReportFilters, deidentified: bool) -> ExportTable:
    """A CSV streamed straight to the browser: audited before the first row goes."""
    table = export_table(user=user, kind=kind, filters=filters, deidentified=deidentified)
    _audit_export(
        user=user,
        summary=f"Streamed {ReportExport.Kind(kind).label.lower()} as CSV",
        kind=kind,
        fmt=ReportExport.Format.CSV,
        filters=filters.as_query(),
        deidentified=deidentified,
        rows=table.total,
    )
    return table


@transaction.atomic
def report_export_request(*, owner, kind: str, fmt: str, filters: ReportFilters, deidentified: bool) -> ReportExport:
    """Queue an export for the background worker; it starts after this transaction commits."""
    report_scope(owner)  # PermissionDenied for anyone without reports
    if kind == ReportExport.Kind.REFERRALS and not deidentified and not identified_rows_allowed(owner):
        raise PermissionDenied("Your exports of referrals are de-identified.")
    export = ReportExport(owner=owner, kind=kind, format=fmt, filters=filters.as_query(), deidentified=deidentified)
    export.full_clean()
    export.save()
    _audit_export(
        user=owner,
        summary=f"Requested {export.get_kind_display().lower()} as {export.get_format_display()}",
        kind=kind,
        fmt=fmt,
        filters=export.filters,
        deidentified=deidentified,
        export=str(export.pk),
    )
    from .tasks import report_export_build_task

    transaction.on_commit(lambda: _enqueue_build(export, report_export_build_task))
    return export


def _enqueue_build(export: ReportExport, task) -> None:
    """Hand the export to a worker. If the broker cannot be reached the owner
    sees at once that it failed and can ask again, rather than a page that waits."""
    try:
        task.delay(str(export.pk))
    except Exception:  # kombu and redis raise their own connection errors
        logger.warning("broker unavailable; export %s not queued", export.pk, exc_info=True)
        _fail(export, "The background worker could not be reached. Please ask for the export again.")


def report_export_build(*, export_id) -> ReportExport:
    """Build the file of a queued export, reporting progress as it goes. Safe to
    run twice: a finished export is left alone."""
    export = ReportExport.objects.select_related("owner").get(pk=export_id)
    if export.is_finished:
        return export
    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.RUNNING, progress=0)
    try:
        scope = report_scope(export.owner)
        _, filters = filters_from(export.filters, scope)
        if filters is None:
            raise ValidationError("The filters of this export are no longer valid.")
        table = export_table(user=export.owner, kind=export.kind, filters=filters, deidentified=export.deidentified)
        rows = _write_file(export, table)
    except (PermissionDenied, ValidationError) as error:
        message = error.messages[0] if isinstance(error, ValidationError) else str(error)
        return _fail(export, message)
    except Exception:
        logger.exception("Export %s failed", export.pk)
        return _fail(export, "Something went wrong while preparing the file; try again.")
    now = timezone.now()
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.DONE,
        progress=100,
        row_count=rows,
        file=export.file.name,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.LEAD_EXPORT_LINK_HOURS),
    )
    _audit_export(
        user=export.owner,
        summary=f"Prepared {export.get_kind_display().lower()} as {export.get_format_display()}",
        kind=export.kind,
        fmt=export.format,
        filters=export.filters,
        deidentified=export.deidentified,
        export=str(export.pk),
        rows=rows,
    )
    export.refresh_from_db()
    return export


def _write_file(export: ReportExport, table: ExportTable) -> int:
    step = max(1, table.total // PROGRESS_STEPS)

    def on_row(count: int) -> None:
        if count % step == 0 and table.total:
            progress = min(99, count * 100 // table.total)
            ReportExport.objects.filter(pk=export.pk).update(progress=progress)

    with tempfile.TemporaryFile() as stream:
        if export.format == ReportExport.Format.XLSX:
            rows = write_xlsx(stream, table.header, table.rows, title=table.title, on_row=on_row)
        else:
            rows = write_csv(stream, table.header, table.rows, on_row=on_row)
        stream.seek(0)
        export.file.save(f"{export.pk}.{export.format}", File(stream), save=False)
    return rows


def _fail(export: ReportExport, message: str) -> ReportExport:
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.FAILED, error=message[:255], finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export


def report_export_download(*, export: ReportExport, user):
    """The file of the user's own, unexpired export, opened for reading; the
    download is audited. Expired files are deleted on the way."""
    if export.owner_id != user.pk:
        raise PermissionDenied("Only the person who asked for an export may download it.")
    if export.is_expired():
        report_export_expire(export=export)
        raise ExportExpired
    if export.status != ReportExport.Status.DONE or not export.file:
        raise ValidationError("This export is not ready.")
    _audit_export(
        user=user,
        summary=f"Downloaded {export.get_kind_display().lower()} as {export.get_format_display()}",
        kind=export.kind,
        fmt=export.format,
        filters=export.filters,
        deidentified=export.deidentified,
        export=str(export.pk),
        rows=export.row_count,
    )
    return export.file.open("rb")


class ExportExpired(Exception):
    """The download link has expired and the file is gone."""


def report_export_expire(*, export: ReportExport) -> None:
    if export.file:
        export.file.delete(save=False)
    ReportExport.objects.filter(pk=export.pk).update(status=ReportExport.Status.EXPIRED, file="")


def report_exports_expire_due(*, now=None) -> int:
    """Delete the files of every export past its expiry (hourly, from beat)."""
    due = ReportExport.objects.filter(expires_at__lte=now or timezone.now()).exclude(status=ReportExport.Status.EXPIRED)
    count = 0
    for export in due.iterator():
        report_export_expire(export=export)
        count += 1
    return count
