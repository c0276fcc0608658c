import factory
from django.contrib.auth.models import Group

from lead_ops.accounts.demo_context import DEMO_PASSWORD
from lead_ops.accounts.models import Agency, Precinct, Unit, User
from lead_ops.accounts.roles import POLICE_ROLES, Role


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.CASE_MANAGEMENT


class ProsecutorOfficeFactory(AgencyFactory):
    """The prosecutor's office every factory prosecutor and police agency shares unless told otherwise."""

    class Meta:
        django_get_or_create = ["name"]

    name = "Prosecutor's Office"
    kind = Agency.Kind.PROSECUTOR


class PoliceAgencyFactory(AgencyFactory):
    """The police department every factory precinct belongs to unless told otherwise."""

    class Meta:
        django_get_or_create = ["name"]

    name = "Police Department"
    kind = Agency.Kind.POLICE
    prosecutor_office = factory.SubFactory(ProsecutorOfficeFactory)
    incident_number_pattern = r"^[0-9]{2,4}-[0-9]{4,8}$"
    incident_number_example = "2026-012345"


class PrecinctFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Precinct
        django_get_or_create = ["agency", "code"]

    agency = factory.SubFactory(PoliceAgencyFactory)
    name = factory.Sequence(lambda n: f"Precinct {n}")
    code = factory.Sequence(lambda n: f"P{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Unit {n}")
    kind = Unit.Kind.PROACTIVE
    precinct = factory.SubFactory(PrecinctFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with roles: UserFactory(roles=[Role.OFFICER])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(DEMO_PASSWORD)
    # An account with a unit belongs to the agency that owns the unit (User.clean).
    unit = None
    agency = factory.LazyAttribute(lambda user: user.unit.precinct.agency if user.unit else None)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=role)[0] for role in extracted])
            if set(extracted) & POLICE_ROLES and not self.unit_id and not self.agency_id:
                # Police accounts belong to a police agency: the factory's one, unless told otherwise.
                self.agency = PoliceAgencyFactory()
                self.save(update_fields=["agency"])
            if Role.PROSECUTOR in extracted and not self.agency_id:
                self.agency = ProsecutorOfficeFactory()  # prosecutors belong to an office
                self.save(update_fields=["agency"])
