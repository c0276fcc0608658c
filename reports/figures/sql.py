"""Database expressions the figures need on both PostgreSQL and SQLite."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate, F, FloatField, Func, QuerySet


class SecondsBetween(Func):
    """Seconds from `earlier` to `later`, computed in the database."""

    arity = 2
    output_field = FloatField()

    def __init__(self, later, earlier, **extra):
        super().__init__(later, earlier, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: the difference of two timestamps is an interval.
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django stores datetimes as ISO text, which julianday() reads.
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the continuous percentile (linear interpolation)."""

    function = "percentile_cont"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        # A literal we made, not user input: percentile_cont needs a constant.
        super().__init__(
            expression, template=f"%(function)s({float(fraction)!r}) WITHIN GROUP (ORDER BY %(expressions)s)", **extra
        )


def percentiles(queryset: QuerySet, expression, fractions: tuple[float, ...]) -> dict[float, float | None]:
    """Continuous percentiles of `expression` over the rows of `queryset`, in one
    query, computed by the database: percentile_cont on PostgreSQL; on SQLite,
    which has no such function, the two ranked values around each position are
    picked with window functions and interpolated the same way."""
    values = queryset.annotate(_value=expression).filter(_value__isnull=False)
    if connections[queryset.db].vendor == "postgresql":
        aggregates = {f"p{index}": PercentileCont("_value", fraction) for index, fraction in enumerate(fractions)}
        result = values.aggregate(**aggregates)
        return {fraction: result[f"p{index}"] for index, fraction in enumerate(fractions)}
    return _sqlite_percentiles(values, fractions)


def aggregate_with_percentiles(
    queryset: QuerySet, field: str, fractions: tuple[float, ...], **aggregates
) -> tuple[dict, dict[float, float | None]]:
    """queryset.aggregate(**aggregates), and the percentiles of the annotation
    `field`: one query on PostgreSQL (percentile_cont beside the counts), two on SQLite."""
    if connections[queryset.db].vendor == "postgresql":
        names = {fraction: f"_percentile_{index}" for index, fraction in enumerate(fractions)}
        result = queryset.aggregate(**aggregates, **{names[f]: PercentileCont(field, f) for f in fractions})
        return result, {fraction: result.pop(name) for fraction, name in names.items()}
    return queryset.aggregate(**aggregates), percentiles(queryset, F(field), fractions)


def _sqlite_percentiles(values: QuerySet, fractions: tuple[float, ...]) -> dict[float, float | None]:
    try:
        inner_sql, params = values.values("_value").query.sql_with_params()
    except EmptyResultSet:  # e.g. a sergeant who supervises no unit
        return dict.fromkeys(fractions)
    # position k (0-based) of a fraction f among n ordered values is f * (n - 1);
    # keep the rows at floor(k) and ceil(k).
    wanted = " OR ".join(f"(rn > {f!r} * (n - 1) - 1 AND rn < {f!r} * (n - 1) + 1)" for f in fractions)
    # Django's own SQL and parameters for the inner query; float literals we made.
    ranked = "SELECT _value AS value, ROW_NUMBER() OVER (ORDER BY _value) - 1 AS rn, COUNT(*) OVER () AS n"
    sql = f"SELECT value, rn, n FROM ({ranked} FROM ({inner_sql}) AS base) AS ranked WHERE {wanted} ORDER BY rn"  # noqa: S608
    with connections[values.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return dict.fromkeys(fractions)
    n = rows[0][2]
    by_rank = {rank: value for value, rank, _ in rows}
    result = {}
    for fraction in fractions:
        position = fraction * (n - 1)
        below, above = int(position), min(int(position) + 1, n - 1)
        low, high = by_rank[below], by_rank.get(above, by_rank[below])
        result[fraction] = low + (high - low) * (position - below)
    return result
