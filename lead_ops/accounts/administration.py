"""Who administers which rows: the system's superuser administers everything; an
agency administrator administers their own police agency's users, precincts and
units and nothing else. One home for the rule: the admin pages scope their lists,
choices and autocompletes with it, and the services refuse a write outside it."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import Agency, Precinct, Unit, User
from .roles import AGENCY_ASSIGNABLE_ROLES, Role

OUTSIDE = "That record belongs to another agency: only its own administrators or the system administrator change it."


def administered_agency(user) -> Agency | None:
    """The police agency an agency administrator administers (their own)."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.AGENCY_ADMINISTRATOR):
        return None
    agency = user.agency
    return agency if agency is not None and agency.kind == Agency.Kind.POLICE else None


def administers_all(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active and user.is_superuser


def agency_filter(model, agency: Agency) -> Q:
    """The rows of one agency, for each model an agency administrator manages."""
    if model is User:
        return Q(agency=agency) | Q(unit__precinct__agency=agency)
    if model is Unit:
        return Q(precinct__agency=agency)
    if model is Precinct:
        return Q(agency=agency)
    if model is Agency:
        return Q(pk=agency.pk)
    return Q(pk__in=[])


def scoped(queryset, user):
    """The rows of a queryset the user administers: all for the superuser, their
    agency's for an agency administrator, none for anyone else."""
    if administers_all(user):
        return queryset
    agency = administered_agency(user)
    if agency is None:
        return queryset.none()
    return queryset.filter(agency_filter(queryset.model, agency)).distinct()


def row_agency_id(row) -> int | None:
    """The agency a user, unit or precinct belongs to, as it stands in memory."""
    if isinstance(row, Precinct):
        return row.agency_id
    if isinstance(row, Unit):
        return Precinct.objects.filter(pk=row.precinct_id).values_list("agency_id", flat=True).first()
    if isinstance(row, User):
        if row.unit_id:
            return Unit.objects.filter(pk=row.unit_id).values_list("precinct__agency_id", flat=True).first()
        return row.agency_id
    return None


def check_may_administer(actor, row, *, groups=(), supervisors=(), user_permissions=()) -> None:
    """Refuse a write an actor may not make. The superuser (and the application
    itself, with no actor) may make any; an agency administrator only to a row of
    their agency that was theirs before, giving only their agency's police roles
    and no admin flags or permissions, with supervisors from their agency."""
    if actor is None or administers_all(actor):
        return
    agency = administered_agency(actor)
    if agency is None:
        raise PermissionDenied("Only an administrator changes accounts, precincts and units.")
    if row_agency_id(row) != agency.pk:
        raise PermissionDenied(OUTSIDE)
    if row.pk is not None and not type(row).objects.filter(agency_filter(type(row), agency), pk=row.pk).exists():
        raise PermissionDenied(OUTSIDE)
    if isinstance(row, User):
        _check_user_grants(actor, row, groups, user_permissions)
    outside_supervisors = [s for s in supervisors if row_agency_id(s) != agency.pk]
    if outside_supervisors:
        raise PermissionDenied("Supervising sergeants must belong to your agency.")


def _check_user_grants(actor, row: User, groups, user_permissions) -> None:
    names = {group.name for group in groups}
    refused = sorted(names - {role.value for role in AGENCY_ASSIGNABLE_ROLES})
    if refused:
        raise PermissionDenied(f"An agency administrator cannot give the role(s): {', '.join(refused)}.")
    if list(user_permissions) or row.is_superuser:
        raise PermissionDenied("An agency administrator cannot give permissions or superuser status.")
    if row.is_staff and Role.AGENCY_ADMINISTRATOR.value not in names:
        raise PermissionDenied("Only an agency administrator of your agency may have admin access.")
