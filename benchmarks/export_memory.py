"""How much an export of every referral raises the process's peak memory.

Run by make bench on the benchmark database (100,000 referrals at scale 1.0):
python -m benchmarks.export_memory OUT.json. Each export runs in a fresh
process, through the same services the views use: the CSV streamed to the
browser, and the Excel file a Celery task writes. The peak resident set size
(getrusage) after Django has started and one small export has run is the
baseline; the figure reported is how far the full export raises it.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
from datetime import date

LIMIT_MB = 50


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _one(fmt: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lead_ops.settings")
    django.setup()
    from lead_ops.accounts.models import User
    from reports.exports.writers import csv_lines, write_xlsx
    from reports.filters import ReportFilters
    from reports.models import ReportExport
    from reports.services import report_export_stream_start

    analyst = User.objects.get(username="bench-analyst")
    everything = ReportFilters(date_from=date(2000, 1, 1), date_to=date.today())

    def export(filters) -> int:
        table = report_export_stream_start(
            user=analyst, kind=ReportExport.Kind.REFERRALS, filters=filters, deidentified=True
        )
        if fmt == "csv":
            for _ in csv_lines(table.header, table.rows):
                pass
        else:
            with tempfile.TemporaryFile() as out:
                write_xlsx(out, table.header, table.rows, title="Referrals")
        return table.total

    export(ReportFilters(date_from=date.today(), date_to=date.today()))  # warm: imports, first queries
    before = _peak_mb()
    rows = export(everything)
    after = _peak_mb()
    increase = round(after - before, 1)
    return {"format": fmt, "rows": rows, "peak_before_mb": round(before, 1), "peak_increase_mb": increase}


def main(path: str) -> int:
    results = []
    for fmt in ("csv", "xlsx"):
        run = subprocess.run(
            [sys.executable, "-m", "benchmarks.export_memory", "--one", fmt],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(run.stdout.strip().splitlines()[-1]))
    for row in results:
        row["within_limit"] = row["peak_increase_mb"] <= LIMIT_MB
        print(
            f"export of {row['rows']:,} referrals as {row['format']}: peak memory +{row['peak_increase_mb']} MB "
            f"(limit {LIMIT_MB} MB)"
        )
    with open(path, "w") as out:
        json.dump(results, out, indent=2)
        out.write("\n")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--one":
        print(json.dumps(_one(sys.argv[2])))
        sys.exit(0)
    sys.exit(main(sys.argv[1]))
