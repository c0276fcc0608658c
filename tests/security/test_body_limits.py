"""Bodies over the limit are refused from their Content-Length before anything
reads them; the larger materials limit is for the materials upload pages and
those who may upload there only; accepted files go to disk, not memory."""

import io

import pytest
from django.test import Client
from django.test.client import encode_multipart

from lead_ops.accounts.roles import Role

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def test_a_huge_anonymous_multipart_post_to_sign_in_is_refused_unread():
    client = Client()

    response = client.generic(
        "POST",
        "/accounts/login/",
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(150 * MB),
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 413
    assert "Too much to send at once" in response.content.decode()


def three_megabyte_form(**fields) -> tuple[bytes, str]:
    pdf = io.BytesIO(b"%PDF-1.4\n" + b"0" * (3 * MB))
    pdf.name = "handout.pdf"
    body = encode_multipart("BoUnDaRy", {"materials": pdf, **fields})
    return body, "multipart/form-data; boundary=BoUnDaRy"


@pytest.fixture
def post_three_megabytes(client):
    def post(user, path):
        client.force_login(user)
        body, content_type = three_megabyte_form(title="Harm reduction refresher")
        return client.generic("POST", path, body, content_type=content_type)

    return post


def test_a_coordinator_uploads_between_the_limits_on_the_materials_page_only(post_three_megabytes, make_user):
    coordinator = make_user(Role.COORDINATOR)

    on_materials_page = post_three_megabytes(coordinator, "/training/sessions/new/")
    elsewhere = post_three_megabytes(coordinator, "/workgroup/issues/new/")

    assert on_materials_page.status_code != 413
    assert elsewhere.status_code == 413


def test_someone_who_may_not_upload_materials_gets_the_small_limit_there_too(post_three_megabytes, make_user):
    officer = make_user(Role.OFFICER)

    assert post_three_megabytes(officer, "/training/sessions/new/").status_code == 413


def test_an_anonymous_post_past_the_request_limit_to_the_materials_page_is_refused(client):
    body, content_type = three_megabyte_form()

    assert client.generic("POST", "/training/sessions/new/", body, content_type=content_type).status_code == 413


def test_accepted_files_stream_to_disk(settings):
    assert settings.FILE_UPLOAD_HANDLERS == ["django.core.files.uploadhandler.TemporaryFileUploadHandler"]
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 0
