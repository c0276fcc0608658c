"""SQL that makes the database itself refuse UPDATE and DELETE on the audit table.

Used by migration 0002 and by the test suite's flush between browser tests,
which is the one place whole-table removal is wanted (see conftest.py).
"""

TABLE = "audit_auditevent"

_SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

# TRUNCATE is refused too, except inside a transaction that has set
# lead_ops.audit_maintenance (the test flush does; the application never does).
# DELETE is allowed only of events older than lead_ops.audit_purge_before, which
# only the retention purge sets, inside its own transaction.
_POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' AND current_setting('lead_ops.audit_maintenance', true) = 'on' THEN
            RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' AND coalesce(current_setting('lead_ops.audit_purge_before', true), '') <> ''
                AND OLD.occurred_at < current_setting('lead_ops.audit_purge_before', true)::timestamptz THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$"""
_POSTGRES_GUARD = [
    _POSTGRES_FUNCTION,
    f"""CREATE TRIGGER {TABLE}_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse_change()""",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change()",
]


def guard_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_GUARD}.get(vendor, [])


def unguard_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}.get(vendor, [])


def maintenance_window(vendor: str) -> tuple[list[str], list[str]]:
    """Statements to run before and after a whole-database flush in one transaction."""
    if vendor == "postgresql":
        return ["SET LOCAL lead_ops.audit_maintenance = 'on'"], []
    if vendor == "sqlite":
        return _SQLITE_DROP, _SQLITE_TRIGGERS
    return [], []


def postgres_function() -> str:
    return _POSTGRES_FUNCTION


def purge_window(vendor: str, before_iso: str) -> tuple[list[str], list[str]]:
    """Statements around the retention purge's DELETE, in its transaction."""
    if vendor == "postgresql":
        return [f"SET LOCAL lead_ops.audit_purge_before = '{before_iso}'"], []
    if vendor == "sqlite":
        return _SQLITE_DROP, _SQLITE_TRIGGERS
    return [], []
