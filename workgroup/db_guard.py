"""SQL that makes the database itself refuse changes to a meeting's record once
its minutes are approved: agenda items and attendance can be neither added nor
changed, and the approval, time and place of the meeting stay as approved.

The services refuse first, with a clear message; this is the backstop for any
other path (a raw query, a shell, a future bug). Removing rows of an approved
meeting is refused too on PostgreSQL; on SQLite it is left to the services and
PROTECT foreign keys, because the test suite's flush deletes rows there (on
PostgreSQL it truncates, which row triggers do not see)."""

_LOCKED = "approved minutes are locked"
_MEETING_FIELDS = ["minutes_approved_at", "minutes_approved_by_id", "starts_at", "ends_at", "place", "is_cancelled"]


def _approved(ref: str) -> str:
    return f"(SELECT minutes_approved_at FROM workgroup_meeting WHERE id = {ref}.meeting_id) IS NOT NULL"  # noqa: S608 (constants)


def _sqlite_row_guard(table: str, when: str, ref: str) -> str:
    return f"""CREATE TRIGGER IF NOT EXISTS {table}_locked_{when.lower()} BEFORE {when} ON {table}
        WHEN {_approved(ref)}
        BEGIN SELECT RAISE(ABORT, '{_LOCKED}: {when} refused'); END"""


_MEETING_CHANGED_SQLITE = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in _MEETING_FIELDS)

_SQLITE = [
    _sqlite_row_guard("workgroup_agendaitem", "INSERT", "NEW"),
    _sqlite_row_guard("workgroup_agendaitem", "UPDATE", "OLD"),
    _sqlite_row_guard("workgroup_attendance", "INSERT", "NEW"),
    _sqlite_row_guard("workgroup_attendance", "UPDATE", "OLD"),
    f"""CREATE TRIGGER IF NOT EXISTS workgroup_meeting_locked_update BEFORE UPDATE ON workgroup_meeting
        WHEN OLD.minutes_approved_at IS NOT NULL AND ({_MEETING_CHANGED_SQLITE})
        BEGIN SELECT RAISE(ABORT, '{_LOCKED}: UPDATE refused'); END""",
]
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_locked_{when}"
    for table in ("workgroup_agendaitem", "workgroup_attendance")
    for when in ("insert", "update")
] + ["DROP TRIGGER IF EXISTS workgroup_meeting_locked_update"]

_MEETING_CHANGED_POSTGRES = " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in _MEETING_FIELDS)

_POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION workgroup_refuse_locked_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (TG_OP <> 'DELETE' AND EXISTS (
                SELECT 1 FROM workgroup_meeting WHERE id = NEW.meeting_id AND minutes_approved_at IS NOT NULL))
           OR (TG_OP <> 'INSERT' AND EXISTS (
                SELECT 1 FROM workgroup_meeting WHERE id = OLD.meeting_id AND minutes_approved_at IS NOT NULL)) THEN
            RAISE EXCEPTION '{_LOCKED}: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END
    $$""",  # noqa: S608 (built from constants only)
    """CREATE TRIGGER workgroup_agendaitem_locked BEFORE INSERT OR UPDATE OR DELETE ON workgroup_agendaitem
        FOR EACH ROW EXECUTE FUNCTION workgroup_refuse_locked_row()""",
    """CREATE TRIGGER workgroup_attendance_locked BEFORE INSERT OR UPDATE OR DELETE ON workgroup_attendance
        FOR EACH ROW EXECUTE FUNCTION workgroup_refuse_locked_row()""",
    f"""CREATE OR REPLACE FUNCTION workgroup_refuse_meeting_unlock() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.minutes_approved_at IS NOT NULL AND ({_MEETING_CHANGED_POSTGRES}) THEN
            RAISE EXCEPTION '{_LOCKED}: UPDATE refused' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END
    $$""",
    """CREATE TRIGGER workgroup_meeting_locked BEFORE UPDATE ON workgroup_meeting
        FOR EACH ROW EXECUTE FUNCTION workgroup_refuse_meeting_unlock()""",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS workgroup_agendaitem_locked ON workgroup_agendaitem",
    "DROP TRIGGER IF EXISTS workgroup_attendance_locked ON workgroup_attendance",
    "DROP TRIGGER IF EXISTS workgroup_meeting_locked ON workgroup_meeting",
    "DROP FUNCTION IF EXISTS workgroup_refuse_locked_row()",
    "DROP FUNCTION IF EXISTS workgroup_refuse_meeting_unlock()",
]


def guard_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE, "postgresql": _POSTGRES}.get(vendor, [])


def unguard_statements(vendor: str) -> list[str]:
    return {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}.get(vendor, [])
