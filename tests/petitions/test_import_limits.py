"""Register files are read within stated limits, streamed, and imported by a background job (issue 9, item 7)."""

import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from petitions.importer import petitions_import
from petitions.models import Petition
from tests.petitions.test_import import register_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# The limits as the upload page and the docs state them to users.
MAX_UPLOAD_BYTES = 20 * MB
MAX_UNCOMPRESSED_BYTES = 200 * MB
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 100_000
MAX_COLUMNS = 60
DOCS = Path(__file__).resolve().parents[2] / "docs" / "import-petitions.md"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def run_import(path, **kwargs):
    return petitions_import(source=path, filename=path.name, **kwargs)


def file_errors(report) -> list[str]:
    return [message for row, _column, message in report.errors if row == 0]


def padded_workbook(tmp_path, padding: int, compression: int, name: str) -> Path:
    """A valid one-row register whose sheet XML carries `padding` bytes of whitespace after its rows."""
    plain = write_xlsx(tmp_path, [register_row()], name=f"plain-{name}")
    path = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", compression) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with target.open(info.filename, "w") as member:
                member.write(head)
                block = (b" " * 1023 + b"\n") * 1024
                for _ in range(padding // len(block)):
                    member.write(block)
                member.write(b"</sheetData>" + tail)
    return path


def test_a_small_workbook_that_expands_like_a_zip_bomb_is_refused_before_it_is_read(tmp_path):
    path = padded_workbook(tmp_path, padding=40 * MB, compression=zipfile.ZIP_DEFLATED, name="bomb.xlsx")
    assert path.stat().st_size < MB  # 40 MB of sheet in a file of a few hundred kilobytes

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    assert file_errors(report) == [
        f"Tệp Excel bị nén bất thường (một phần nở ra hơn {MAX_COMPRESSION_RATIO} lần); hãy mở bằng Excel và lưu lại."
    ]


def test_a_workbook_larger_than_the_uncompressed_limit_is_refused_before_it_is_read(tmp_path):
    path = padded_workbook(
        tmp_path, padding=MAX_UNCOMPRESSED_BYTES + MB, compression=zipfile.ZIP_STORED, name="huge.xlsx"
    )

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    limit = MAX_UNCOMPRESSED_BYTES // MB
    assert file_errors(report) == [f"Tệp Excel khi giải nén lớn hơn {limit} MB; hãy chia sổ thành nhiều tệp."]
    path.unlink()


def test_a_workbook_with_an_oversized_shared_strings_table_is_refused_before_it_is_read(tmp_path):
    """openpyxl keeps the whole shared-strings table in memory: a 150 MB one cost minutes and over a gigabyte."""
    plain = write_xlsx(tmp_path, [register_row()], name="plain-strings.xlsx")
    path = tmp_path / "strings.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            if info.filename != "xl/sharedStrings.xml":
                target.writestr(info.filename, source.read(info))
        with target.open("xl/sharedStrings.xml", "w") as member:
            member.write(b"<sst>")
            block = b"<si><t>" + b"x" * 1009 + b"</t></si>"
            for _ in range(65 * 1024):
                member.write(block)
            member.write(b"</sst>")

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    assert file_errors(report) == ["Bảng chữ dùng chung của tệp Excel lớn hơn 64 MB; hãy chia sổ thành nhiều tệp."]
    path.unlink()


def test_a_sheet_that_reaches_down_a_million_rows_is_refused_at_the_row_limit(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    row = register_row()
    sheet.append(list(row))
    sheet.append(list(row.values()))
    last = register_row(register_number="SO-2024-9999")
    for column, value in enumerate(last.values(), start=1):
        sheet.cell(row=1_000_000, column=column, value=value)  # a 10 KB file, a million rows to read
    path = tmp_path / "tall.xlsx"
    workbook.save(path)

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    assert file_errors(report) == [
        f"Tệp có hơn {MAX_ROWS:,} dòng dưới dòng tiêu đề (kể cả dòng trống); hãy chia sổ thành nhiều tệp.".replace(
            ",", "."
        )
    ]


def test_a_sheet_with_more_row_elements_than_the_limit_is_refused_before_it_is_parsed(tmp_path):
    plain = write_xlsx(tmp_path, [register_row()], name="plain.xlsx")
    path = tmp_path / "tiny-rows.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, rest = data.split(b"<sheetData>")
                header_row = rest.split(b"</row>")[0] + b"</row>"
                rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, MAX_ROWS + 500))
                data = re.sub(rb"<dimension[^>]*/>", b"", head) + b"<sheetData>" + header_row
                data += rows.encode() + b"</sheetData></worksheet>"
            target.writestr(info.filename, data)

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    assert file_errors(report) == [
        f"Tệp có trang tính dài hơn {MAX_ROWS:,} dòng; hãy chia sổ thành nhiều tệp.".replace(",", ".")
    ]


def test_a_csv_with_more_rows_than_the_limit_is_refused(tmp_path):
    path = write_csv(tmp_path, [register_row()])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",\n" * MAX_ROWS)

    report = run_import(path)

    assert not report.ok and Petition.objects.count() == 0
    assert len(file_errors(report)) == 1 and f"{MAX_ROWS:,}".replace(",", ".") in file_errors(report)[0]


def test_a_header_wider_than_the_column_limit_is_refused(tmp_path):
    row = register_row() | {f"ghi_chu_{n}": "" for n in range(MAX_COLUMNS)}

    report = run_import(write_csv(tmp_path, [row]))

    assert not report.ok
    assert file_errors(report) == [
        f"Dòng tiêu đề có {len(row)} cột; tối đa {MAX_COLUMNS} cột, hãy xóa các cột không dùng."
    ]


def test_the_first_thousand_errors_are_listed_and_reading_stops_there(tmp_path):
    rows = [register_row(register_number=f"X-{n}", channel="fax") for n in range(1500)]

    report = run_import(write_csv(tmp_path, rows))

    assert not report.ok
    assert len(report.errors) == 1001
    assert report.errors[0] == (0, "", "Đã dừng kiểm tra sau 1.000 lỗi; hãy sửa các lỗi này rồi nhập lại.")
    assert report.errors[-1][0] == 1001  # rows 2 to 1001


def test_the_limits_stated_to_users_are_the_importers():
    from petitions.importer import limits

    assert (
        limits.MAX_UPLOAD_BYTES,
        limits.MAX_UNCOMPRESSED_BYTES,
        limits.MAX_COMPRESSION_RATIO,
        limits.MAX_ROWS,
        limits.MAX_COLUMNS,
    ) == (MAX_UPLOAD_BYTES, MAX_UNCOMPRESSED_BYTES, MAX_COMPRESSION_RATIO, MAX_ROWS, MAX_COLUMNS)


def test_the_upload_page_and_the_docs_state_the_limits(client_for, commune_officer_a):
    page = client_for(commune_officer_a).get("/petitions/import/").content.decode()
    docs = DOCS.read_text(encoding="utf-8")

    for text in (
        f"{MAX_UPLOAD_BYTES // MB} MB",
        f"{MAX_UNCOMPRESSED_BYTES // MB} MB",
        f"{MAX_ROWS:,}".replace(",", "."),
        f"{MAX_COLUMNS} cột",
    ):
        assert text in page
    for text in (
        f"{MAX_UPLOAD_BYTES // MB} MB",
        f"{MAX_UNCOMPRESSED_BYTES // MB} MB",
        f"{MAX_ROWS:,} rows",
        f"{MAX_COLUMNS} columns",
        f"{MAX_COMPRESSION_RATIO}",
    ):
        assert text in docs


def test_an_upload_larger_than_the_limit_is_refused_by_the_form(client_for, commune_officer_a):
    big = SimpleUploadedFile("so.csv", b"register_number\n" + b"x" * MAX_UPLOAD_BYTES)

    page = client_for(commune_officer_a).post("/petitions/import/", {"file": big}).content.decode()

    assert f"Tệp tối đa {MAX_UPLOAD_BYTES // MB} MB" in page


# --- the background job ------------------------------------------------------------------------


def post_upload(client, path, **extra):
    return client.post("/petitions/import/", {"file": path.open("rb"), **extra})


def test_an_upload_becomes_a_job_whose_page_shows_the_report(
    tmp_path, client_for, commune_officer_a, media, django_capture_on_commit_callbacks
):
    from petitions.models import ImportJob

    client = client_for(commune_officer_a)
    path = write_csv(tmp_path, [register_row(), register_row(register_number="SO-2024-0002")])

    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, path)

    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/petitions/import/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 2 đơn (2 vụ việc mới), bỏ qua 0 đơn đã có." in page
    assert (job.status, job.progress, job.rows_read, job.requested_by) == ("done", 100, 2, commune_officer_a)
    assert Petition.objects.filter(created_by=commune_officer_a).count() == 2
    assert not list(Path(media).rglob("*.csv"))  # the register (personal data) is not kept once imported


def test_a_waiting_job_polls_until_the_task_has_run(tmp_path, client_for, commune_officer_a):
    from petitions.models import ImportJob
    from petitions.tasks import import_petitions_task

    client = client_for(commune_officer_a)
    post_upload(client, write_csv(tmp_path, [register_row()]), dry_run="on")  # the task waits for the commit
    job = ImportJob.objects.get()

    waiting = client.get(f"/petitions/import/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Đang chờ" in waiting and "<html" not in waiting

    import_petitions_task.delay(job.pk)

    done = client.get(f"/petitions/import/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert "Kiểm tra xong (không ghi gì): 1 đơn sẽ được tạo, 0 đơn đã có." in done
    assert Petition.objects.count() == 0


def test_a_job_with_bad_rows_lists_them_on_its_page(
    tmp_path, client_for, commune_officer_a, django_capture_on_commit_callbacks
):
    client = client_for(commune_officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(client, write_csv(tmp_path, [register_row(channel="fax")]))

    page = client.get(response["Location"]).content.decode()
    assert "Tệp có lỗi, chưa nhập đơn nào" in page
    assert re.search(r"<td[^>]*>2</td>\s*<td[^>]*>channel</td>", page)


def test_an_import_job_is_seen_only_by_the_official_who_uploaded_it(
    tmp_path, client_for, commune_officer_a, commune_officer_b, district_officer, admin
):
    from petitions.models import ImportJob

    post_upload(client_for(commune_officer_a), write_csv(tmp_path, [register_row()]), dry_run="on")
    url = f"/petitions/import/{ImportJob.objects.get().pk}/"

    assert client_for(commune_officer_a).get(url).status_code == 200
    for other in (commune_officer_b, district_officer):  # the district officer's scope covers her commune
        assert client_for(other).get(url).status_code == 404
    assert client_for(admin).get(url).status_code == 200


def test_running_the_import_task_twice_imports_once(tmp_path, client_for, commune_officer_a):
    from petitions.models import ImportJob
    from petitions.tasks import import_petitions_task

    post_upload(client_for(commune_officer_a), write_csv(tmp_path, [register_row()]))
    job = ImportJob.objects.get()

    import_petitions_task.delay(job.pk)
    import_petitions_task.delay(job.pk)

    job.refresh_from_db()
    assert Petition.objects.count() == 1
    assert (job.status, job.report["created"], job.report["unchanged"]) == ("done", 1, 0)


def test_a_csv_not_in_utf8_is_refused_naming_the_first_line_that_is_not(tmp_path):
    path = write_csv(tmp_path, [register_row(register_number=f"U-{n}") for n in range(3000)])
    with path.open("ab") as handle:
        handle.write(b"U-3000,Khi\xe9u n\xe1i\n")  # line 3002 was saved in Windows-1258

    report = run_import(path)

    assert file_errors(report) == ["Tệp CSV phải được lưu với bảng mã UTF-8; dòng 3002 có ký tự không đọc được."]
