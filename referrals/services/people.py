"""Writes for referrals and the people referred."""

from datetime import date

from django.db import transaction

from lead_ops import audit
from lead_ops.audit.models import AuditEvent
from lead_ops.audit.services import audited_save
from referrals.models import Person, PersonAlias, PersonIdentifier


def person_reindex(*, person: Person) -> None:
    """Rebuild the search text after names, aliases or identifiers change."""
    aliases = list(person.aliases.values_list("name", flat=True))
    identifiers = list(person.identifiers.values_list("value", flat=True))
    person.search_text = person.compute_search_text(aliases, identifiers)
    person.save(update_fields=["search_text"])


@transaction.atomic
def person_update(*, person: Person, actor=None, changed=()) -> Person:
    """A correction of a person's record (names, date of birth, equity fields),
    validated, audited and re-indexed for search and duplicate detection."""
    audited_save(instance=person, actor=actor, changed=changed)
    person_reindex(person=person)
    return person


@transaction.atomic
def person_create(
    *,
    first_name: str,
    last_name: str,
    middle_name: str = "",
    date_of_birth: date | None = None,
    race: str = Person.Race.NOT_RECORDED,
    ethnicity: str = Person.Ethnicity.NOT_RECORDED,
    sex: str = Person.Sex.NOT_RECORDED,
    aliases: list[str] = (),
    identifiers: list[tuple[str, str]] = (),
    is_synthetic: bool = False,
    actor=None,
) -> Person:
    person = Person(
        first_name=first_name.strip(),
        middle_name=middle_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        race=race,
        ethnicity=ethnicity,
        sex=sex,
        is_synthetic=is_synthetic,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    person.full_clean()
    person.save()
    for name in {a.strip() for a in aliases if a.strip()}:
        alias = PersonAlias(person=person, name=name)
        alias.full_clean()
        alias.save()
    for scheme, value in identifiers:
        identifier = PersonIdentifier(person=person, scheme=scheme.strip(), value=value.strip())
        identifier.full_clean()
        identifier.save()
    person_reindex(person=person)
    audit.record(action=AuditEvent.Action.CREATE, actor=actor, target=person)
    return person


@transaction.atomic
def person_add_alias(*, person: Person, name: str, actor=None) -> PersonAlias:
    alias = PersonAlias(person=person, name=name.strip())
    alias.full_clean()
    alias.save()
    person_reindex(person=person)
    audit.record(action=AuditEvent.Action.UPDATE, actor=actor, target=person, summary="Alias added")
    return alias
