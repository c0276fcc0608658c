"""Person search and a person's page: police and administrators only."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from lead_ops import audit
from lead_ops.audit.lookups import get_visible_or_404
from lead_ops.audit.models import AuditEvent
from lead_ops.search_limits import SEARCH_MAX_CHARACTERS
from referrals.models import Person
from referrals.selectors.consent import disclosures_of
from referrals.selectors.people import people_search, people_visible_to
from referrals.selectors.referrals import referrals_of_person
from referrals.services.consent import disclosures_record_listed


@permission_required("referrals.search_people", raise_exception=True)
def people_index(request):
    query, refusal = request.GET.get("q", "").strip(), ""
    try:
        people = people_search(user=request.user, query=query) if query else []
    except ValidationError as error:
        people, refusal = [], error.messages[0]
    template = "referrals/_people_results.html" if request.htmx else "referrals/people.html"
    context = {"people": people, "query": query[:SEARCH_MAX_CHARACTERS], "refusal": refusal}
    return render(request, template, context)


@permission_required("referrals.search_people", raise_exception=True)
def person_detail(request, pk):
    person = get_visible_or_404(
        people_visible_to(request.user).prefetch_related("aliases", "identifiers"), pk, "No such person"
    )
    referrals = referrals_of_person(request.user, person)
    disclosed = disclosures_record_listed(referrals=referrals, recipient=request.user)
    audit.record(action=AuditEvent.Action.VIEW, actor=request.user, target=person)
    return render(
        request, "referrals/person.html", {"person": person, "referrals": referrals, "part2_notice": disclosed}
    )


@permission_required("referrals.account_disclosures", raise_exception=True)
def person_disclosures(request, pk):
    """The accounting of disclosures a participant may ask for (42 CFR 2.25, HIPAA 164.528)."""
    person = get_visible_or_404(Person.objects.all(), pk, "No such person")
    disclosures = list(disclosures_of(person))
    audit.record(
        action=AuditEvent.Action.VIEW,
        actor=request.user,
        target=person,
        summary="Accounting of disclosures",
        detail={"disclosures": len(disclosures)},
    )
    return render(request, "referrals/disclosures.html", {"person": person, "disclosures": disclosures})
