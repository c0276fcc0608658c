import datetime

import factory

from referrals.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1960, 1, 1), end_date=datetime.date(2000, 1, 1)
    )
    is_synthetic = True

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            from referrals.services import person_reindex

            person_reindex(person=self)
