"""Session materials: which files are accepted and where they are kept.

A file is accepted only when its name, the type the browser declared and its
first bytes all agree, and it is no larger than LEAD_TRAINING_MATERIAL_MAX_MB.
The bytes are checked because a name and a declared type are whatever the
sender says they are.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class MaterialKind:
    label: str
    content_types: frozenset[str]
    zip_member: str = ""  # Office files are zip archives holding this member
    magic: tuple[bytes, ...] = ()


_ZIP = (b"PK\x03\x04",)
_BROWSER_FALLBACKS = frozenset({"application/octet-stream", "application/zip", "application/x-zip-compressed"})

KINDS = {
    "pdf": MaterialKind("PDF", frozenset({"application/pdf"}), magic=(b"%PDF-",)),
    "docx": MaterialKind(
        "Word document",
        frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}) | _BROWSER_FALLBACKS,
        zip_member="word/document.xml",
        magic=_ZIP,
    ),
    "pptx": MaterialKind(
        "PowerPoint presentation",
        frozenset({"application/vnd.openxmlformats-officedocument.presentationml.presentation"}) | _BROWSER_FALLBACKS,
        zip_member="ppt/presentation.xml",
        magic=_ZIP,
    ),
    "png": MaterialKind("PNG image", frozenset({"image/png"}), magic=(b"\x89PNG\r\n\x1a\n",)),
    "jpg": MaterialKind("JPEG image", frozenset({"image/jpeg", "image/pjpeg"}), magic=(b"\xff\xd8\xff",)),
    "jpeg": MaterialKind("JPEG image", frozenset({"image/jpeg", "image/pjpeg"}), magic=(b"\xff\xd8\xff",)),
}
ACCEPT = ",".join(f".{extension}" for extension in KINDS)
ALLOWED_DESCRIPTION = "PDF, Word (.docx), PowerPoint (.pptx), PNG or JPEG"


def max_bytes() -> int:
    return settings.LEAD_TRAINING_MATERIAL_MAX_MB * 1024 * 1024


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def validate_material(upload) -> str:
    """Check an uploaded file; return its content type, or raise ValidationError."""
    extension = extension_of(upload.name)
    kind = KINDS.get(extension)
    if kind is None:
        raise ValidationError(
            f"“{upload.name}” is not an accepted file type. Upload a {ALLOWED_DESCRIPTION} file.", code="file_type"
        )
    if upload.size > max_bytes():
        raise ValidationError(
            f"“{upload.name}” is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes())}.",
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(f"“{upload.name}” is empty.", code="file_empty")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared and declared not in kind.content_types:
        raise ValidationError(
            f"“{upload.name}” was sent as {declared}, which does not match a .{extension} file.", code="file_type"
        )
    if not _content_matches(upload, kind):
        raise ValidationError(
            f"“{upload.name}” does not look like a {kind.label}; the file may be damaged or misnamed.",
            code="file_content",
        )
    return sorted(kind.content_types - _BROWSER_FALLBACKS)[0]


def _content_matches(upload, kind: MaterialKind) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in kind.magic):
        return False
    if not kind.zip_member:
        return True
    try:
        with zipfile.ZipFile(upload) as archive:
            return kind.zip_member in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def material_upload_path(instance, filename: str) -> str:
    """A random stored name: what people call their files never reaches the disk."""
    return f"training/materials/{uuid.uuid4().hex}.{extension_of(filename)}"
