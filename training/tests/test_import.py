"""The CSV import of historic records: a dry run first, errors per row,
nothing imported while any row is in error, the same file twice adds nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lead_ops.accounts.roles import Role
from lead_ops.audit.models import AuditEvent
from training.imports import MAX_BYTES, preview
from training.models import RecordImport, TrainingRecord
from training.services import record_import_apply, record_import_upload

from .factories import TopicFactory, days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, harm_reduction, protocol_topic):
    return {
        "4471": make_user(Role.OFFICER, badge_number="4471"),
        "2210": make_user(Role.SERGEANT, badge_number="2210"),
    }


def csv_file(text: str, name="records.csv", content_type="text/csv"):
    return SimpleUploadedFile(name, text.encode(), content_type=content_type)


VALID = """badge_number,topic,completed_on,note
4471,harm-reduction,2024-01-31,Academy in-service
4471,LEAD protocol,02/29/2024,
2210,lead-protocol,2023-06-15,Sergeants' academy
"""


def test_a_valid_file_is_previewed_then_imported(coordinator, people):
    record_import, result = record_import_upload(upload=csv_file(VALID), actor=coordinator)

    assert [row.is_ready for row in result.rows] == [True, True, True]
    assert result.can_apply
    assert not TrainingRecord.objects.exists()  # the preview is a dry run

    created = record_import_apply(record_import=record_import, actor=coordinator)

    assert len(created) == 3
    record = TrainingRecord.objects.get(person=people["4471"], topic__code="lead-protocol")
    assert record.completed_on == datetime.date(2024, 2, 29)
    assert record.expires_on == datetime.date(2025, 2, 28)
    assert record.source == TrainingRecord.Source.IMPORT
    assert TrainingRecord.objects.get(topic__code="harm-reduction").note == "Academy in-service"
    record_import.refresh_from_db()
    assert (record_import.is_applied, record_import.created_count) == (True, 3)
    event = AuditEvent.objects.get(summary="Imported 3 training records from records.csv")
    assert event.id_list == sorted([str(people["4471"].pk), str(people["2210"].pk)])


def test_every_bad_row_says_what_is_wrong_and_nothing_is_imported(coordinator, people, make_user):
    make_user(Role.OFFICER, badge_number="7000", is_active=False)
    future = (days_ago(-1)).isoformat()
    text = f"""badge_number,topic,completed_on
4471,harm-reduction,2024-01-31
9999,harm-reduction,2024-01-31
4471,knitting,2024-01-31
4471,harm-reduction,31.01.2024
4471,lead-protocol,{future}
,harm-reduction,2024-01-31
4471,harm-reduction,2024-01-31
7000,harm-reduction,2024-01-31
2210,lead-protocol,1960-01-01
2210,lead-protocol,2024-01-01,surplus
"""
    record_import, result = record_import_upload(upload=csv_file(text), actor=coordinator)

    errors = {row.line: row.errors for row in result.rows}
    assert errors[2] == []
    assert errors[3] == ["Nobody has badge number 9999."]
    assert errors[4] == ["Unknown topic “knitting”: use a topic's code, e.g. harm-reduction, or its full name."]
    assert errors[5] == ["“31.01.2024” is not a date: write it as YYYY-MM-DD."]
    assert errors[6] == [f"The completion date {future} is in the future."]
    assert errors[7] == ["The badge number is empty."]
    assert errors[8] == ["Repeats line 2."]
    assert errors[9] == ["Badge number 7000 belongs to a deactivated account."]
    assert errors[10] == ["The completion date 1960-01-01 is before 1970; check the year."]
    assert errors[11] == ["This line has more values than the header has columns."]
    assert not result.can_apply
    assert record_import.error_count == 9

    with pytest.raises(ValidationError, match="9 rows have errors, so nothing was imported"):
        record_import_apply(record_import=record_import, actor=coordinator)
    assert not TrainingRecord.objects.exists()
    record_import.refresh_from_db()
    assert not record_import.is_applied


def test_importing_the_same_file_twice_adds_nothing(coordinator, people):
    first, _ = record_import_upload(upload=csv_file(VALID), actor=coordinator)
    record_import_apply(record_import=first, actor=coordinator)

    second, result = record_import_upload(upload=csv_file(VALID), actor=coordinator)

    assert len(result.already_recorded) == 3 and not result.ready and not result.can_apply
    assert record_import_apply(record_import=second, actor=coordinator) == []
    assert TrainingRecord.objects.count() == 3
    assert second.sha256 == first.sha256


def test_a_file_overlapping_an_earlier_one_adds_only_the_new_rows(coordinator, people):
    first, _ = record_import_upload(upload=csv_file(VALID), actor=coordinator)
    record_import_apply(record_import=first, actor=coordinator)

    larger = VALID + "2210,harm-reduction,2024-05-01,\n"
    second, result = record_import_upload(upload=csv_file(larger), actor=coordinator)

    assert [row.line for row in result.ready] == [5]
    assert len(record_import_apply(record_import=second, actor=coordinator)) == 1
    assert TrainingRecord.objects.count() == 4


def test_an_import_is_applied_once(coordinator, people):
    record_import, _ = record_import_upload(upload=csv_file(VALID), actor=coordinator)
    record_import_apply(record_import=record_import, actor=coordinator)

    with pytest.raises(ValidationError, match="already imported"):
        record_import_apply(record_import=record_import, actor=coordinator)


def test_rows_are_judged_again_when_applied(coordinator, people):
    record_import, _ = record_import_upload(upload=csv_file(VALID), actor=coordinator)
    people["2210"].is_active = False
    people["2210"].save()

    with pytest.raises(ValidationError, match="1 row has errors"):
        record_import_apply(record_import=record_import, actor=coordinator)
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_file("x", name="records.xlsx"), "is not a CSV file"),
        (csv_file("badge_number\n", content_type="application/pdf"), "was sent as application/pdf"),
        (SimpleUploadedFile("records.csv", b"\xff\xfe\x00b\x00a", content_type="text/csv"), "not a text file"),
        (SimpleUploadedFile("records.csv", "badge_number;é".encode("latin-1"), content_type="text/csv"), "not UTF-8"),
        (csv_file("   \n"), "is empty"),
        (csv_file("x" * (MAX_BYTES + 1)), "the limit is 2.0\xa0MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_and_not_kept(coordinator, upload, message):
    with pytest.raises(ValidationError) as error:
        record_import_upload(upload=upload, actor=coordinator)

    assert message in error.value.message_dict["file"][0]
    assert not RecordImport.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("badge,topic,date\n4471,harm-reduction,2024-01-01\n", "missing: badge_number, completed_on"),
        ("badge_number,topic,completed_on\n", "a header line but no records"),
        ("badge_number,topic,completed_on\n\n,,\n", "a header line but no records"),
    ],
)
def test_file_level_problems_are_reported(people, text, message):
    result = preview(text)

    assert message in result.file_errors[0]
    assert not result.can_apply


def test_headers_are_read_loosely_and_topics_by_code_or_name(people):
    TopicFactory(name="Mental health", code="mental-health")
    text = "\ufeffBadge Number , Topic,Completed On\n4471,MENTAL HEALTH,2024-01-02\n4471,Mental-Health,2024-01-03\n"

    result = preview(text)

    assert [row.topic.code for row in result.rows] == ["mental-health", "mental-health"]
    assert result.can_apply


def test_preview_queries_are_fixed_however_long_the_file(people, django_assert_num_queries):
    lines = ["badge_number,topic,completed_on"] + [
        f"4471,harm-reduction,{days_ago(day).isoformat()}" for day in range(1, 200)
    ]

    with django_assert_num_queries(3):  # people, topics, existing records
        result = preview("\n".join(lines))

    assert len(result.ready) == 199


def test_a_badge_number_two_agencies_use_needs_the_agency_column(make_user, harm_reduction, protocol_topic):
    from lead_ops.accounts.tests.factories import PoliceAgencyFactory

    city, county = PoliceAgencyFactory(name="City PD"), PoliceAgencyFactory(name="County SO")
    officer = make_user(Role.OFFICER, badge_number="1234", agency=city)
    deputy = make_user(Role.OFFICER, badge_number="1234", agency=county)
    make_user(Role.OFFICER, badge_number="9000", agency=county)

    ambiguous = preview("badge_number,topic,completed_on\n1234,harm-reduction,2024-01-31\n")
    assert ambiguous.rows[0].errors == [
        "Badge number 1234 is used in more than one agency (City PD, County SO): "
        "add an agency column naming the agency."
    ]
    named = preview(
        "badge_number,topic,completed_on,agency\n"
        "1234,harm-reduction,2024-01-31,county so\n"
        "1234,harm-reduction,2024-01-31,City PD\n"
        "9000,harm-reduction,2024-01-31,City PD\n"
        "9000,harm-reduction,2024-01-31,\n"
    )
    assert [row.person for row in named.rows] == [deputy, officer, None, named.rows[3].person]
    assert named.rows[2].errors == ["Nobody in City PD has badge number 9000."]
    assert named.rows[3].person.badge_number == "9000" and not named.rows[3].errors
