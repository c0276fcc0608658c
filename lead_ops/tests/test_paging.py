"""page_of_ids against Django's Paginator.get_page: the same pages, numbers and
counts for every list length, page size and page asked for (a number, past the
end, below the first, not a number), in one query where Paginator takes two."""

import pytest
from django.contrib.auth.models import Group
from django.core.paginator import Paginator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lead_ops.paging import page_of_ids

pytestmark = pytest.mark.django_db

ROWS = 12


@pytest.fixture
def groups():
    return [Group.objects.create(name=f"paging group {n:02d}").pk for n in range(ROWS)]


def facts(page):
    return (
        list(page.object_list),
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
        page.start_index(),
        page.end_index(),
    )


asked = st.one_of(
    st.integers(min_value=-3, max_value=ROWS + 3),
    st.integers(min_value=-3, max_value=ROWS + 3).map(str),
    st.sampled_from([None, "", "x", "2.5", " 2", "1e3", "\uff10"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(length=st.integers(min_value=0, max_value=ROWS), per_page=st.integers(min_value=1, max_value=5), asked=asked)
def test_each_page_is_the_one_paginator_gives(groups, length, per_page, asked):
    listed = Group.objects.filter(pk__in=groups[:length]).order_by("-name")

    ours = page_of_ids(listed, per_page, asked)
    theirs = Paginator(listed.values_list("pk", flat=True), per_page).get_page(asked)

    assert facts(ours) == facts(theirs)


def test_a_page_and_its_count_are_one_query(groups, django_assert_num_queries):
    listed = Group.objects.filter(pk__in=groups).order_by("name")
    with django_assert_num_queries(1):
        page = page_of_ids(listed, 5, "2")
    assert list(page.object_list) == groups[5:10] and page.paginator.count == ROWS
    with django_assert_num_queries(3):  # past the end: the empty page, the count, the last page
        assert list(page_of_ids(listed, 5, "9").object_list) == groups[10:]
