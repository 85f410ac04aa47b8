"""The public showcase: anyone may read it without signing in, and it shows only typical models the
movement's office published, with their approved summary and the owner's name and position; nothing of
an unpublished model, and none of the registration's own text, addresses, scores or officials."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from models_registry.choices import CollectiveKind, OwnerKind, Status
from models_registry.models import MobilizationModel
from models_registry.services import (
    assignments_make,
    document_add,
    model_create,
    model_publish,
    model_start_evaluation,
    model_submit,
)
from tests.models_registry.conftest import complete_self_assessment, model_data
from tests.models_registry.test_views import recognise, score_fully
from tests.query_counts import LARGE, assert_page_shows, assert_same_query_count, read_at_two_sizes

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

TAM = model_data(
    name="Trồng chè vàng, dẻ và cây mắc ca ở Bản Chán",
    owner_kind=OwnerKind.INDIVIDUAL,
    collective_kind="",
    owner_name="Hoàng Văn Tam",
    owner_position="Nông dân thôn Bản Chán",
    address="Nhà số 12, thôn Bản Chán, xã Đồng Phúc, huyện Ba Bể",
    situation="Gia đình ông Tam nợ ngân hàng 40 triệu đồng, vợ ốm nằm viện",
    content="Ông Tam vay vốn của bà con, số điện thoại 0912 345 678",
    outputs="Thu nhập 180 triệu đồng mỗi năm",
)
SUMMARY = "Ông Hoàng Văn Tam đưa chè vàng, dẻ và mắc ca lên đồi, nhiều hộ trong thôn làm theo."
# What must never reach the public from Mr. Tam's registration.
PRIVATE = [TAM["address"], TAM["situation"], TAM["content"], TAM["outputs"], "0912 345 678", "Nhà số 12"]


def typical(data, *, round_, registrant, office, members, number, publish=True, summary=SUMMARY):
    """A model taken through registration, scoring and a decision naming it typical; published when asked."""
    model = model_create(actor=registrant, round=round_, data=data)
    complete_self_assessment(model, registrant)
    model = model_submit(actor=registrant, model=model)
    model_start_evaluation(actor=office, models=[model])
    assignments_make(actor=office, round=model.round, models=[model])
    model = score_fully(model, members)
    recognise(model, office, outcome="typical", number=number)
    if publish:
        model_publish(actor=office, model=model, summary=summary)
    return MobilizationModel.objects.get(pk=model.pk)


@pytest.fixture
def showcase(province_round, department_officer_sokhcn, movement_officer, council_members, settings, tmp_path):
    """Mr. Tam's model, typical and published with a public photo and a private document; the department's
    model typical but not published; a third model recognised only."""
    settings.MEDIA_ROOT = tmp_path
    people = {
        "round_": province_round,
        "registrant": department_officer_sokhcn,
        "office": movement_officer,
        "members": council_members,
    }
    tam = typical(TAM, number="30-QĐ/BDVTU", **people)
    photo = document_add(
        actor=movement_officer,  # only the movement's office chooses what the public sees
        model=tam,
        upload=SimpleUploadedFile("doi-che.png", PNG, content_type="image/png"),
        title="Đồi chè vàng Bản Chán",
        kind="photo",
        for_publication=True,
    )
    private = document_add(
        actor=department_officer_sokhcn,
        model=tam,
        upload=SimpleUploadedFile("so-do.png", PNG, content_type="image/png"),
        title="Sổ hộ khẩu gia đình ông Tam",
        kind="photo",
    )
    hidden = typical(
        model_data(name="Chi bộ thôn Na Dau tuyên truyền vận động", collective_kind=CollectiveKind.PARTY_CELL),
        number="31-QĐ/BDVTU",
        publish=False,
        **people,
    )
    return {"tam": tam, "photo": photo, "private": private, "hidden": hidden}


def test_the_showcase_opens_without_signing_in_and_lists_the_published_model(client, showcase):
    response = client.get("/models/showcase/")
    assert response.status_code == 200
    body = response.content.decode()
    assert showcase["tam"].name in body
    assert "Hoàng Văn Tam" in body and "Nông dân thôn Bản Chán" in body


def test_the_showcase_shows_nothing_unpublished_nor_personal(client, showcase, department_officer_sokhcn):
    tam = showcase["tam"]
    pages = [
        client.get("/models/showcase/").content.decode(),
        client.get(f"/models/showcase/{tam.pk}/").content.decode(),
        client.get("/models/showcase/?q=na dau").content.decode(),
    ]
    never = [
        showcase["hidden"].name,
        showcase["private"].title,
        department_officer_sokhcn.username,
        department_officer_sokhcn.full_name,
        "30-QĐ/BDVTU",  # the decision and its signer are the office's papers, not the showcase's
        "Hà Thị Phương",
        *PRIVATE,
    ]
    for body in pages:
        leaked = [text for text in never if text in body]
        assert not leaked, leaked
    assert SUMMARY in pages[1]
    assert "Không có mô hình tiêu biểu nào khớp" in pages[2]


def test_an_unpublished_or_only_recognised_model_is_a_404(
    client, showcase, evaluating_model, council_members, movement_officer
):
    assert client.get(f"/models/showcase/{showcase['hidden'].pk}/").status_code == 404
    recognised = score_fully(evaluating_model, council_members)
    recognise(recognised, movement_officer, number="32-QĐ/BDVTU")
    assert client.get(f"/models/showcase/{recognised.pk}/").status_code == 404


def test_only_photos_marked_for_publication_are_served(client, showcase):
    tam = showcase["tam"]
    body = client.get(f"/models/showcase/{tam.pk}/").content.decode()
    assert f"/models/showcase/{tam.pk}/photos/{showcase['photo'].pk}/" in body
    response = client.get(f"/models/showcase/{tam.pk}/photos/{showcase['photo'].pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(f"/models/showcase/{tam.pk}/photos/{showcase['private'].pk}/").status_code == 404


def test_unpublishing_takes_the_model_off_the_showcase(client, client_for, showcase, movement_officer):
    tam = showcase["tam"]
    client_for(movement_officer).post(f"/models/{tam.pk}/unpublish/")
    client.logout()
    assert tam.name not in client.get("/models/showcase/").content.decode()
    assert client.get(f"/models/showcase/{tam.pk}/").status_code == 404


def test_the_showcase_filters_by_field_and_name_without_accents(client, showcase):
    assert showcase["tam"].name in client.get("/models/showcase/?q=che vang").content.decode()
    assert showcase["tam"].name not in client.get("/models/showcase/?field=economy").content.decode()


def test_the_showcase_runs_the_same_queries_for_few_and_many_models(client, province_round, movement_officer):
    made = []

    def add(n):
        for _ in range(n):
            model = model_create(
                actor=movement_officer, round=province_round, data=model_data(name=f"Mô hình tiêu biểu {len(made)}")
            )
            made.append(model.pk)
        # Published typical models in bulk: the steps to get there are tested above.
        MobilizationModel.objects.filter(pk__in=made).update(
            status=Status.TYPICAL, is_published=True, public_summary="Tóm tắt công khai"
        )

    at_small, at_large = read_at_two_sizes(client, "/models/showcase/", add)
    assert_page_shows(at_large[0], [f"Mô hình tiêu biểu {LARGE - 1}"])
    assert_same_query_count(at_small, at_large, cap=4)


def test_a_registrants_photo_marked_for_publication_is_refused_and_stays_off_the_showcase(
    client, client_for, showcase, department_officer_sokhcn
):
    tam = showcase["tam"]
    response = client_for(department_officer_sokhcn).post(
        f"/models/{tam.pk}/documents/",
        {
            "title": "Ảnh tự chọn công khai",
            "kind": "photo",
            "for_publication": "on",
            "upload": SimpleUploadedFile("tu-chon.png", PNG, content_type="image/png"),
        },
        follow=True,
    )
    assert "Chỉ cơ quan thường trực phong trào" in response.content.decode()
    assert not tam.documents.filter(title="Ảnh tự chọn công khai").exists()
    client.logout()
    body = client.get(f"/models/showcase/{tam.pk}/").content.decode()
    assert "Ảnh tự chọn công khai" not in body
    assert f"/photos/{showcase['private'].pk}/" not in body


def test_a_registrant_is_not_offered_to_choose_photos_for_publication(client_for, showcase, department_officer_sokhcn):
    body = client_for(department_officer_sokhcn).get(f"/models/{showcase['tam'].pk}/").content.decode()
    assert "Tải lên" in body or "upload" in body
    assert 'name="for_publication"' not in body
