"""Reading a CSV of historic training records and judging every row before
anything is saved. Read-only: the services store the file and apply it.

The file has a header line naming its columns: badge_number, topic,
completed_on and, optionally, note and agency. Badge numbers are unique within
an agency, not across: where one is used by more than one agency, the agency
column (the agency's name) says whose it is. A topic is given by its code (e.g.
harm-reduction) or its full name; a date as YYYY-MM-DD or MM/DD/YYYY.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from lead_ops.accounts.models import User

from .models import Topic, TrainingRecord

REQUIRED_COLUMNS = ("badge_number", "topic", "completed_on")
OPTIONAL_COLUMNS = ("note", "agency")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
EARLIEST = date(1970, 1, 1)
# What browsers declare for a .csv file (Excel on Windows: vnd.ms-excel); the content is read strictly anyway.
CSV_CONTENT_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "application/vnd.ms-excel",
    "application/octet-stream",
}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
NOTE_MAX = TrainingRecord._meta.get_field("note").max_length


@dataclass
class ImportRow:
    line: int
    badge_number: str
    topic_text: str
    completed_text: str
    note: str
    agency_text: str = ""
    person: User | None = None
    topic: Topic | None = None
    completed_on: date | None = None
    errors: list[str] = field(default_factory=list)
    already_recorded: bool = False

    @property
    def is_ready(self) -> bool:
        return not self.errors and not self.already_recorded

    @property
    def key(self) -> tuple | None:
        if self.person is None or self.topic is None or self.completed_on is None:
            return None
        return (self.person.pk, self.topic.pk, self.completed_on)


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ready(self) -> list[ImportRow]:
        return [row for row in self.rows if row.is_ready]

    @property
    def already_recorded(self) -> list[ImportRow]:
        return [row for row in self.rows if row.already_recorded and not row.errors]

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    @property
    def error_count(self) -> int:
        return len(self.error_rows) + len(self.file_errors)

    @property
    def can_apply(self) -> bool:
        """Nothing is imported while any row is in error."""
        return not self.error_count and bool(self.ready)


def read_upload(upload) -> str:
    """The uploaded file as text, or ValidationError saying why it cannot be read."""
    name = upload.name
    if PurePath(name).suffix.lower() != ".csv":
        raise ValidationError(f"“{name}” is not a CSV file. Save the spreadsheet as CSV (UTF-8) and upload that.")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared and declared not in CSV_CONTENT_TYPES:
        raise ValidationError(f"“{name}” was sent as {declared}, not as a CSV file.")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"“{name}” is {filesizeformat(upload.size)}; the limit is {filesizeformat(MAX_BYTES)}.")
    raw = upload.read()
    if not raw.strip():
        raise ValidationError(f"“{name}” is empty.")
    if b"\x00" in raw:
        raise ValidationError(f"“{name}” is not a text file; save the spreadsheet as CSV (UTF-8).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"“{name}” is not UTF-8 text; save the spreadsheet as CSV (UTF-8).") from None


def preview(text: str, *, on: date | None = None) -> ImportPreview:
    """Judge every row, in a fixed number of queries however long the file."""
    on = on or timezone.localdate()
    result = ImportPreview()
    reader = csv.DictReader(io.StringIO(text))
    columns = [_column(name) for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        result.file_errors.append(
            "The first line must name the columns badge_number, topic and completed_on (note and agency are optional); "
            f"missing: {', '.join(missing)}."
        )
        return result
    reader.fieldnames = columns
    try:
        for values in reader:
            if not any((value or "").strip() for key, value in values.items() if key is not None):
                continue
            if len(result.rows) == MAX_ROWS:
                result.file_errors.append(f"The file has more than {MAX_ROWS} rows; split it into smaller files.")
                return result
            result.rows.append(_row(reader.line_num, values))
    except csv.Error as error:
        result.file_errors.append(f"Line {reader.line_num} could not be read as CSV: {error}.")
        return result
    if not result.rows:
        result.file_errors.append("The file has a header line but no records.")
        return result
    _resolve(result.rows, on)
    return result


def _column(name: str) -> str:
    return (name or "").lstrip("\ufeff").strip().lower().replace(" ", "_")


def _row(line: int, values: dict) -> ImportRow:
    def value(key):
        return (values.get(key) or "").strip()

    row = ImportRow(line, value("badge_number"), value("topic"), value("completed_on"), value("note"), value("agency"))
    if None in values:
        row.errors.append("This line has more values than the header has columns.")
    if len(row.note) > NOTE_MAX:
        row.errors.append(f"The note is longer than {NOTE_MAX} characters.")
    return row


def _resolve(rows: list[ImportRow], on: date) -> None:
    badges = {row.badge_number for row in rows if row.badge_number}
    people: dict[str, list[User]] = {}
    for user in User.objects.filter(badge_number__in=badges).select_related("agency").order_by("pk"):
        people.setdefault(user.badge_number, []).append(user)
    topics = {}
    for topic in Topic.objects.annotate(lower_name=Lower("name")):
        topics[topic.code.lower()] = topics[topic.lower_name] = topic
    seen: dict[tuple, int] = {}
    for row in rows:
        _resolve_person(row, people)
        _resolve_topic(row, topics)
        _resolve_date(row, on)
        if row.key is not None:
            if row.key in seen:
                row.errors.append(f"Repeats line {seen[row.key]}.")
            seen.setdefault(row.key, row.line)
    keys = [row.key for row in rows if row.key is not None]
    if keys:
        existing = set(
            TrainingRecord.objects.filter(
                person_id__in={k[0] for k in keys}, topic_id__in={k[1] for k in keys}
            ).values_list("person_id", "topic_id", "completed_on")
        )
        for row in rows:
            row.already_recorded = row.key in existing


def _resolve_person(row: ImportRow, people: dict) -> None:
    if not row.badge_number:
        row.errors.append("The badge number is empty.")
        return
    holders = people.get(row.badge_number, [])
    if row.agency_text:
        holders = [user for user in holders if user.agency and user.agency.name.lower() == row.agency_text.lower()]
    if len(holders) > 1:
        agencies = ", ".join(sorted({user.agency.name if user.agency else "no agency" for user in holders}))
        row.errors.append(
            f"Badge number {row.badge_number} is used in more than one agency ({agencies}): "
            "add an agency column naming the agency."
        )
        return
    person = holders[0] if holders else None
    if person is None:
        where = f" in {row.agency_text}" if row.agency_text else ""
        row.errors.append(f"Nobody{where} has badge number {row.badge_number}.")
    elif not person.is_active:
        row.errors.append(f"Badge number {row.badge_number} belongs to a deactivated account.")
    else:
        row.person = person


def _resolve_topic(row: ImportRow, topics: dict) -> None:
    if not row.topic_text:
        row.errors.append("The topic is empty.")
        return
    row.topic = topics.get(row.topic_text.lower())
    if row.topic is None:
        row.errors.append(
            f"Unknown topic “{row.topic_text}”: use a topic's code, e.g. harm-reduction, or its full name."
        )


def _resolve_date(row: ImportRow, on: date) -> None:
    if not row.completed_text:
        row.errors.append("The completion date is empty.")
        return
    for fmt in _DATE_FORMATS:
        try:
            completed_on = datetime.strptime(row.completed_text, fmt).date()
            break
        except ValueError:
            continue
    else:
        row.errors.append(f"“{row.completed_text}” is not a date: write it as YYYY-MM-DD.")
        return
    if completed_on > on:
        row.errors.append(f"The completion date {completed_on:%Y-%m-%d} is in the future.")
    elif completed_on < EARLIEST:
        row.errors.append(f"The completion date {completed_on:%Y-%m-%d} is before 1970; check the year.")
    else:
        row.completed_on = completed_on
