"""Small uploaded files for the materials tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="handout.pdf", content_type="application/pdf", size_padding=0):
    return SimpleUploadedFile(name, PDF + b" " * size_padding, content_type=content_type)


def png(name="slide.png", content_type="image/png"):
    return SimpleUploadedFile(name, PNG, content_type=content_type)


def office(name="slides.pptx", member="ppt/presentation.xml", content_type=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<xml/>")
    content_type = content_type or "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
