"""Uploaded documents are checked by what they contain, not by what the browser says they are.

Only a list of document types is accepted (PDF, Office, OpenDocument, images, plain text); the content
must match the file's extension, the size is limited, and the type we store is the one we detected.
Files are served only through permission-checked views, as attachments.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.services import DomainError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 8192

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word, Excel, PowerPoint
ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class DocumentType:
    content_type: str
    signatures: tuple[bytes, ...] = ()
    zip_member: str = ""  # an Office/OpenDocument zip must contain this entry
    text: bool = False


DOCUMENT_TYPES: dict[str, DocumentType] = {
    "pdf": DocumentType("application/pdf", (b"%PDF-",)),
    "jpg": DocumentType("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": DocumentType("image/jpeg", (b"\xff\xd8\xff",)),
    "png": DocumentType("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "tif": DocumentType("image/tiff", (b"II*\x00", b"MM\x00*")),
    "tiff": DocumentType("image/tiff", (b"II*\x00", b"MM\x00*")),
    "doc": DocumentType("application/msword", (OLE2,)),
    "xls": DocumentType("application/vnd.ms-excel", (OLE2,)),
    "ppt": DocumentType("application/vnd.ms-powerpoint", (OLE2,)),
    "docx": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,), "word/document.xml"
    ),
    "xlsx": DocumentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,), "xl/workbook.xml"
    ),
    "pptx": DocumentType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,), "ppt/presentation.xml"
    ),
    "odt": DocumentType("application/vnd.oasis.opendocument.text", (ZIP,), "content.xml"),
    "ods": DocumentType("application/vnd.oasis.opendocument.spreadsheet", (ZIP,), "content.xml"),
    "txt": DocumentType("text/plain", text=True),
}
ALLOWED_EXTENSIONS_TEXT = "PDF, Word, Excel, PowerPoint, OpenDocument, JPG, PNG, TIFF, TXT"
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in DOCUMENT_TYPES)

_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedDocument:
    name: str
    extension: str
    content_type: str
    size: int


def safe_filename(name: str, extension: str) -> str:
    """A plain file name (no path, no control characters) that ends with the detected extension."""
    base = os.path.basename((name or "").replace("\\", "/"))
    stem = os.path.splitext(base)[0]
    stem = unicodedata.normalize("NFC", stem)
    stem = re.sub(r"[^\w\- .()]+", "_", stem).strip(" ._") or "tai-lieu"
    return f"{stem[:100]}.{extension}"


def document_checked(uploaded_file, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> CheckedDocument:
    """Refuse a file that is too large, of a type not on the list, or whose content is not what its name
    says; return the type we detected (never the one the browser declared)."""
    size = uploaded_file.size or 0
    if size > max_bytes:
        raise DomainError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    if size == 0:
        raise DomainError(_("Tệp rỗng."))
    extension = os.path.splitext(uploaded_file.name or "")[1].lower().lstrip(".")
    kind = DOCUMENT_TYPES.get(extension)
    refused = DomainError(
        _("Chỉ nhận tài liệu %(types)s, và nội dung tệp phải đúng với loại tệp.") % {"types": ALLOWED_EXTENSIONS_TEXT}
    )
    if kind is None:
        raise refused
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    if kind.text:
        if b"\x00" in head or _MARKUP.search(head):
            raise refused
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character may be cut at the sniffing boundary; anything earlier is not UTF-8 text.
            if error.start < len(head) - 4:
                raise refused from error
    elif not any(head.startswith(signature) for signature in kind.signatures):
        raise refused
    if kind.zip_member:
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise refused from error
        finally:
            uploaded_file.seek(0)
        if kind.zip_member not in names:
            raise refused
    return CheckedDocument(
        name=safe_filename(uploaded_file.name, extension),
        extension=extension,
        content_type=kind.content_type,
        size=size,
    )
