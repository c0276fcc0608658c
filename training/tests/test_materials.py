import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from training.materials import material_upload_path, validate_material

from .files import office, pdf, png


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (pdf(), "application/pdf"),
        (png(), "image/png"),
        (office(), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (
            office("notes.docx", "word/document.xml", "application/octet-stream"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (SimpleUploadedFile("photo.JPG", b"\xff\xd8\xff\xe0rest", content_type="image/jpeg"), "image/jpeg"),
    ],
)
def test_accepted_files_report_their_content_type(upload, content_type):
    assert validate_material(upload) == content_type


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream"), "not an accepted file type"),
        (SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain"), "not an accepted file type"),
        (pdf(content_type="text/html"), "was sent as text/html"),
        (SimpleUploadedFile("handout.pdf", b"<html>", content_type="application/pdf"), "does not look like a PDF"),
        (png("slide.pdf", content_type="application/pdf"), "does not look like a PDF"),
        (office("slides.pptx", "word/document.xml"), "does not look like a PowerPoint"),
        (SimpleUploadedFile("slides.pptx", b"PK\x03\x04broken", content_type="application/zip"), "does not look like"),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), "is empty"),
    ],
)
def test_refused_files_say_why(upload, message):
    with pytest.raises(ValidationError) as error:
        validate_material(upload)

    assert message in error.value.messages[0]


def test_a_file_over_the_limit_is_refused_naming_the_limit(settings):
    settings.LEAD_TRAINING_MATERIAL_MAX_MB = 1

    with pytest.raises(ValidationError) as error:
        validate_material(pdf(size_padding=1024 * 1024))

    assert "the limit is 1.0\xa0MB" in error.value.messages[0]


def test_stored_names_are_random_and_keep_only_the_extension():
    first = material_upload_path(None, "../../etc/Officer Names.PDF")
    second = material_upload_path(None, "../../etc/Officer Names.PDF")

    assert first.startswith("training/materials/") and first.endswith(".pdf")
    assert first != second
    assert "Officer" not in first and ".." not in first
