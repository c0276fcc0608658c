"""Writing rows as CSV (streamed, constant memory) or XLSX (openpyxl's
write-only mode, one row in memory at a time), with every text cell
neutralised against formula injection."""

import csv
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula (=, +, -, @, and
    tab or carriage return, which some programs strip first) gets a leading
    apostrophe, so it is shown as text (OWASP: CSV injection). Numbers, dates
    and empty cells are left alone: -3 as a number is not a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, Decimal):
        return float(value)
    return value


def cells(row: Iterable) -> list:
    return [neutralise(_plain(value)) for value in row]


class _Line:
    """csv.writer writes into this and gets the line back (Django's streaming-CSV pattern)."""

    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield "\ufeff"  # byte-order mark: spreadsheet programs then read the file as UTF-8
    yield writer.writerow(cells(header))
    for row in rows:
        yield writer.writerow(cells(row))


def write_csv(stream, header, rows, *, on_row: Callable[[int], None] | None = None) -> int:
    """Write to a binary stream; returns the number of rows (header excluded)."""
    writer = csv.writer(_Line())
    stream.write(("\ufeff" + writer.writerow(cells(header))).encode("utf-8"))
    count = 0
    for count, row in enumerate(rows, start=1):
        stream.write(writer.writerow(cells(row)).encode("utf-8"))
        if on_row:
            on_row(count)
    return count


def write_xlsx(stream, header, rows, *, title: str, on_row: Callable[[int], None] | None = None) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(cells(header))
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.append(cells(row))
        if on_row:
            on_row(count)
    workbook.save(stream)
    return count
