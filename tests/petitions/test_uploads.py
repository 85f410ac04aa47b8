"""Uploaded documents are judged by their content: a listed type whose bytes match its name, within the size
limit, stored under the detected type and served only as an attachment through the checked view."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petitions.services import petition_classify, petition_document_add
from petitions.services.approvals import proposal_submit
from portal.services import DomainError
from portal.uploads import MAX_DOCUMENT_BYTES, document_checked

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_html_declared_as_pdf_is_refused(receive, commune_officer_a):
    petition = receive()
    for name in ("x.html", "x.pdf", "x.txt"):
        with pytest.raises(DomainError, match="nội dung tệp phải đúng"):
            petition_document_add(
                actor=commune_officer_a,
                petition_id=petition.pk,
                uploaded_file=upload(name, HTML),
                title="Đơn",
                doc_type="petition_scan",
            )
    assert petition.documents.count() == 0


def test_a_real_pdf_is_stored_with_the_detected_type_under_a_safe_name(receive, commune_officer_a, client_for):
    petition = receive()
    document = petition_document_add(
        actor=commune_officer_a,
        petition_id=petition.pk,
        uploaded_file=upload("../../Đơn khiếu nại.PDF", b"%PDF-1.7 scan", content_type="text/html"),
        title="",
        doc_type="petition_scan",
    )
    assert document.content_type == "application/pdf"  # detected, not what the browser declared
    assert document.file.name.endswith(".pdf") and ".." not in document.file.name
    response = client_for(commune_officer_a).get(f"/petitions/{petition.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10),
        ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 10),
        ("bien-ban.docx", None),
        ("ghi-chu.txt", "Biên bản làm việc với ông Dũng".encode()),
    ],
)
def test_listed_document_types_pass(name, content):
    checked = document_checked(upload(name, content if content is not None else docx_bytes()))
    assert checked.name.endswith(name.rsplit(".", 1)[1])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("scan.png", b"%PDF-1.4"),  # content is not what the name says
        ("bien-ban.docx", b"PK\x03\x04not really a zip"),
        ("page.svg", b"<svg onload=alert(1)>"),
        ("empty.pdf", b""),
    ],
)
def test_other_or_mislabelled_files_are_refused(name, content):
    with pytest.raises(DomainError):
        document_checked(upload(name, content))


def test_a_file_over_the_limit_is_refused():
    big = upload("big.pdf", b"%PDF-" + b"0" * 10)
    big.size = MAX_DOCUMENT_BYTES + 1
    with pytest.raises(DomainError, match="quá lớn"):
        document_checked(big)


def test_proposal_drafts_are_checked_too(receive, commune_officer_a):
    petition = receive()
    petition = petition_classify(
        actor=commune_officer_a,
        petition_id=petition.pk,
        expected_version=petition.version,
        qualified=True,
        within_authority=True,
    )
    with pytest.raises(DomainError, match="nội dung tệp phải đúng"):
        proposal_submit(
            actor=commune_officer_a,
            petition=petition,
            step="accept",
            cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
            draft=upload("du-thao.pdf", HTML),
        )
    proposal = proposal_submit(
        actor=commune_officer_a,
        petition=petition,
        step="accept",
        cleaned={"version": petition.version, "accepted_on": dt.date(2026, 11, 5)},
        draft=upload("du-thao.docx", docx_bytes()),
    )
    assert proposal.draft.name.endswith(".docx")
