"""Session materials: which files are accepted and where they are kept.

A file is accepted only when its name, the type the browser declared and its
first bytes all agree, and it is no larger than LEAD_TRAINING_MATERIAL_MAX_MB.
The bytes are checked because a name and a declared type are whatever the
sender says they are.
"""

import unicodedata
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
    shown = display_name(upload.name)
    if kind is None:
        raise ValidationError(
            f"“{shown}” is not an accepted file type. Upload a {ALLOWED_DESCRIPTION} file.", code="file_type"
        )
    if upload.size > max_bytes():
        raise ValidationError(
            f"“{shown}” is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_bytes())}.",
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(f"“{shown}” is empty.", code="file_empty")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared and declared not in kind.content_types:
        raise ValidationError(
            f"“{shown}” was sent as {declared}, which does not match a .{extension} file.", code="file_type"
        )
    if not _content_matches(upload, kind):
        raise ValidationError(
            f"“{shown}” does not look like a {kind.label}; the file may be damaged or misnamed.",
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


DISPLAY_NAME_MAX = 100
_DISPLAY_PUNCTUATION = frozenset(" .-_()")


def display_name(name: str) -> str:
    """The name a file is shown and downloaded under, reduced to letters,
    digits, spaces and . - _ ( ) and to DISPLAY_NAME_MAX characters, extension
    kept. A multipart filename is whatever the sender typed: markup, entities,
    a path, control or direction characters. None of it survives here, so the
    name is plain text in any page, header or admin list it reaches."""
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch if ch.isalnum() or ch in _DISPLAY_PUNCTUATION else "_" for ch in base)
    kept = " ".join(kept.split()).strip(" ._") or "materials"
    stem, dot, extension = kept.rpartition(".")
    if not dot or len(extension) > 10:
        stem, extension = kept, ""
    suffix = f".{extension}" if extension else ""
    return stem[: DISPLAY_NAME_MAX - len(suffix)].rstrip(" ._") + suffix


def material_upload_path(instance, filename: str) -> str:
    """A random stored name: what people call their files never reaches the disk."""
    return f"training/materials/{uuid.uuid4().hex}.{extension_of(filename)}"
