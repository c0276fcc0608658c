"""Exports: content by kind and scope, de-identification, formula injection,
audit rows, background jobs with progress and expiring owner-only links."""

import csv
import io
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from referrals.models import Person
from referrals.tests.factories import PersonFactory, file_referral, social_contact_answers
from reports.exports.writers import neutralise, write_csv
from reports.models import ReportExport
from reports.services import report_export_build, report_exports_expire_due

from .conftest import report_query_string


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Smith-Jones", "Smith-Jones"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_formula_triggers_are_neutralised(value, written):
    assert neutralise(value) == written


def test_csv_writer_neutralises_every_cell():
    stream = io.BytesIO()

    rows = write_csv(stream, ["=header"], [["=cmd|' /C calc'!A0", -1, None]])

    text = stream.getvalue().decode("utf-8-sig")
    assert rows == 1
    assert list(csv.reader(io.StringIO(text))) == [["'=header"], ["'=cmd|' /C calc'!A0", "-1", ""]]


def _export(client, program, **fields):
    data = {"kind": "referrals", "format": "csv", **report_query_string(program), **fields}
    return client.post("/reports/exports/", data)


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_a_sergeant_streams_their_units_referrals_with_names(client, program):
    program.referrals["a1"].person.first_name = "=HYPERLINK(x)"
    Person.objects.filter(pk=program.referrals["a1"].person_id).update(first_name="=HYPERLINK(x)")
    client.force_login(program.users["sam"])

    response = _export(client, program)  # the de-identified box left unticked

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="lead-referrals-')
    rows = _csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Referral", "Filed", "Contact"] and "Person" in header
    ids = {int(row[0]) for row in body}
    assert ids == {
        program.referrals[key].pk for key in ("a1", "a2", "a3", "a4", "a5", "a6", "an1", "an2", "b1", "bo", "bx")
    }
    people = [row[header.index("Person")] for row in body]
    assert any(name.startswith("'=HYPERLINK(x)") for name in people)
    overridden = next(row for row in body if int(row[0]) == program.referrals["bo"].pk)
    assert overridden[header.index("Decision")] == "Divert to LEAD"
    assert overridden[header.index("Last review")] == "Overridden"
    assert overridden[header.index("Reasons")] == ""
    a1 = next(row for row in body if int(row[0]) == program.referrals["a1"].pk)
    assert a1[header.index("Hand-off minutes")] == "10"
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == program.users["sam"] and event.object_type == "referrals.referral"
    assert event.detail["rows"] == 11 and event.detail["deidentified"] is False
    assert event.detail["filters"]["date_to"] == program.today.isoformat()


def test_an_analyst_exports_referrals_de_identified_only(client, analyst, program):
    client.force_login(analyst)

    refused = _export(client, program)
    allowed = _export(client, program, deidentified="on")

    assert refused.status_code == 400
    assert "choose a de-identified export" in refused.content.decode()
    rows = _csv(allowed)
    header, body = rows[0], rows[1:]
    assert len(body) == 14
    assert "Person" not in header and "Date of birth" not in header and "Incident number" not in header
    text = "\n".join(",".join(row) for row in rows)
    for referral in program.referrals.values():
        assert referral.person.full_name not in text
    assert program.users["avery"].last_name not in text
    # One Asian person in the export: too few to name the race.
    races = [row[header.index("Race")] for row in body]
    assert races.count("suppressed") == 1 and races.count("White") == 5
    assert {len(row[header.index("Person key")]) for row in body} == {12}
    assert body[0][header.index("Filed month")] == f"{program.early:%Y-%m}"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, actor=analyst).count() == 1


@pytest.mark.parametrize("deidentified", [False, True])
def test_an_export_reads_no_row_on_its_own_so_its_queries_do_not_grow_with_rows(client, program, deidentified):
    """The export leaves the screening's answers and results in the database (most
    of its memory); a row that needed them, or any field left out, would cost a
    query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(program.users["sam"])
    fields = {"deidentified": "on"} if deidentified else {}

    def queries() -> tuple[int, int]:  # queries, CSV lines
        with CaptureQueriesContext(connection) as captured:
            rows = _csv(_export(client, program, **fields))
        return len(captured), len(rows)

    queries()  # the first also reads the filters' choices (precincts, units, routes), cached for the scope
    before, rows_before = queries()
    for _ in range(4):
        answers = social_contact_answers(occurred_at=program.late - timedelta(minutes=30))
        file_referral(officer=program.users["avery"], answers=answers, submitted_at=program.late)
    after, rows_after = queries()

    assert rows_after == rows_before + 4 and after == before


def test_the_equity_export_keeps_small_counts_suppressed(client, analyst, program):
    client.force_login(analyst)

    rows = _csv(_export(client, program, kind="equity", deidentified="on"))

    by_group = {(row[0], row[1]): row for row in rows[1:]}
    assert by_group[("Race", "Asian")][2] == "suppressed"
    assert by_group[("Race", "White")][2] == "suppressed"
    assert by_group[("Race", "Black or African American")][2:5] == ["8", str(8 / 14)[:6], "8"]
    assert by_group[("Race", "All")][6:8] == ["suppressed", "suppressed"]
    assert by_group[("Race", "Asian")][3] == "suppressed"  # its share of referrals would give it away


def test_the_discretion_export_names_officers_only_when_asked(client, analyst, program):
    client.force_login(analyst)

    named = _csv(_export(client, program, kind="discretion"))
    coded = _csv(_export(client, program, kind="discretion", deidentified="on"))

    avery = next(row for row in named if row[1] == "Avery Ames")
    assert avery[:6] == ["Officer", "Avery Ames", "Proactive", "proactive", "8", "6"]
    assert [row[0] for row in named[1:]] == ["Unit", "Unit", "Officer", "Officer", "Officer"]
    officers = [row[1] for row in coded if row[0] == "Officer"]
    assert len(officers) == 3 and all(name.startswith("Officer ") for name in officers)
    assert "Avery" not in "".join(",".join(row) for row in coded)


def test_a_sergeant_cannot_export_another_units_referrals(client, program):
    client.force_login(program.users["sam"])

    response = _export(client, program, unit=program.units["patrol"].pk)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_officer_cannot_export(client, program):
    client.force_login(program.users["avery"])

    assert _export(client, program).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_bad_filters_in_an_export_are_a_message(client, analyst, program):
    client.force_login(analyst)

    response = _export(client, program, date_from="2030-01-01", date_to="2020-01-01", deidentified="on")

    assert response.status_code == 400
    assert "The &#x27;Filed from&#x27; date is after" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_an_excel_export_is_prepared_in_the_background(client, program, media, django_capture_on_commit_callbacks):
    client.force_login(program.users["sam"])

    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, program, format="xlsx")

    export = ReportExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/exports/{export.pk}/"
    assert (export.status, export.progress, export.row_count, export.deidentified) == ("done", 100, 11, False)
    assert export.expires_at == pytest.approx(export.finished_at + timedelta(hours=24), abs=timedelta(seconds=1))
    page = client.get(f"/reports/exports/{export.pk}/").content.decode()
    assert "Ready: 11 rows." in page and f"/reports/exports/{export.pk}/download/" in page
    download = client.get(f"/reports/exports/{export.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    values = list(sheet.values)
    assert values[0][:2] == ("Referral", "Filed") and len(values) == 12
    actions = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("id").values_list("summary", flat=True)
    )
    assert actions == [
        "Requested referrals, one row each as Excel (XLSX)",
        "Prepared referrals, one row each as Excel (XLSX)",
        "Downloaded referrals, one row each as Excel (XLSX)",
    ]


def test_an_export_the_broker_cannot_take_fails_at_once_with_a_message(
    client, program, media, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.report_export_build_task, "delay", broker_down)
    client.force_login(program.users["sam"])

    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, program, format="xlsx")

    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert export.status == "failed" and "could not be reached" in export.error
    assert "Please ask for the export again." in client.get(f"/reports/exports/{export.pk}/").content.decode()


def test_htmx_polls_until_the_export_is_done(client, analyst, program, media):
    export = ReportExport.objects.create(
        owner=analyst, kind="equity", format="xlsx", filters=report_query_string(program)
    )
    client.force_login(analyst)

    waiting = client.get(f"/reports/exports/{export.pk}/", headers={"HX-Request": "true"}).content.decode()
    report_export_build(export_id=export.pk)
    done = client.get(f"/reports/exports/{export.pk}/", headers={"HX-Request": "true"}).content.decode()

    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting and "<html" not in waiting
    assert "hx-trigger" not in done and "Download lead-equity-deidentified-" in done


def test_someone_elses_export_is_not_found(client, analyst, make_user, program, media):
    export = ReportExport.objects.create(
        owner=analyst, kind="equity", format="csv", filters=report_query_string(program)
    )
    report_export_build(export_id=export.pk)
    client.force_login(make_user(Role.ANALYST))

    assert client.get(f"/reports/exports/{export.pk}/").status_code == 404
    assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 404
    assert client.get(f"/reports/exports/{uuid.uuid4()}/download/").status_code == 404
    assert client.get("/reports/exports/12345/download/").status_code == 404
    assert not AuditEvent.objects.filter(summary__startswith="Downloaded").exists()


def test_an_expired_link_says_so_and_the_file_is_gone(client, analyst, program, media):
    export = ReportExport.objects.create(
        owner=analyst, kind="equity", format="csv", filters=report_query_string(program)
    )
    export = report_export_build(export_id=export.pk)
    path = media / export.file.name
    assert path.exists()
    ReportExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(analyst)

    status = client.get(f"/reports/exports/{export.pk}/").content.decode()
    response = client.get(f"/reports/exports/{export.pk}/download/")

    assert "This export has expired" in status and "/download/" not in status
    assert response.status_code == 410
    assert "This download link has expired" in response.content.decode()
    assert not path.exists()
    assert ReportExport.objects.get(pk=export.pk).status == "expired"


def test_the_hourly_sweep_deletes_expired_files(analyst, program, media):
    old = ReportExport.objects.create(owner=analyst, kind="equity", format="csv", filters=report_query_string(program))
    fresh = ReportExport.objects.create(
        owner=analyst, kind="equity", format="csv", filters=report_query_string(program)
    )
    old, fresh = report_export_build(export_id=old.pk), report_export_build(export_id=fresh.pk)
    ReportExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert report_exports_expire_due() == 1
    assert report_exports_expire_due() == 0
    assert not (media / old.file.name).exists() and (media / fresh.file.name).exists()


def test_an_export_whose_owner_lost_the_role_fails_cleanly(analyst, program, media):
    export = ReportExport.objects.create(
        owner=analyst, kind="equity", format="csv", filters=report_query_string(program)
    )
    analyst.groups.clear()

    export = report_export_build(export_id=export.pk)

    assert export.status == "failed" and "analysts, coordinators, project managers and sergeants" in export.error
    assert not export.file


def test_the_expiry_sweep_is_scheduled_for_beat(db):
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="reports.tasks.report_exports_expire_task").exists()


@pytest.mark.celery_worker
def test_the_background_export_runs_on_a_real_worker(client, program):
    """PostgreSQL pass: the task goes through Redis to a worker process, which
    writes the file and reports progress; the browser polls until it is done."""
    for _ in range(30):
        file_referral(officer=program.users["avery"], person=PersonFactory(), submitted_at=program.late)
    client.force_login(program.users["sam"])

    response = _export(client, program, format="xlsx", deidentified="on")

    export = ReportExport.objects.get()
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    while export.status not in {"done", "failed"} and time.monotonic() < deadline:
        time.sleep(0.3)
        export.refresh_from_db()
    try:
        assert (export.status, export.row_count, export.progress) == ("done", 41, 100), export.error
        download = client.get(f"/reports/exports/{export.pk}/download/")
        sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
        assert len(list(sheet.values)) == 42
    finally:
        export.file.delete(save=False)
