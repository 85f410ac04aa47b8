"""A department registers a "Dân vận khéo" model with its self-assessment; the Ban Dân vận takes it into
evaluation, two council members score it, a decision recognises it and a second names it typical, and once
published it appears on the public showcase. In Chromium, through the pages only."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from models_registry.choices import CouncilRole, RecognitionLevel, Status
from models_registry.defaults import seed_programmes
from models_registry.models import MobilizationModel, Phase, Programme, Round
from models_registry.services import council_set, round_create
from portal.choices import AgencyKind, Generation, Level, Role
from portal.demo import DEMO_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User
from portal.services import official_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL_NAME = "Đẩy mạnh dịch vụ công trực tuyến toàn trình tại Sở Khoa học và Công nghệ"
PUBLIC_SUMMARY = "Sở hướng dẫn tại chỗ và qua Zalo, nay mọi thủ tục của Sở được nộp trực tuyến toàn trình."


def official(username: str, agency: Agency, role: Role, full_name: str, position: str):
    # The demo password, so that the journey signs in as any demo official does.
    return official_create(
        actor=None,
        username=username,
        full_name=full_name,
        password=settings.DEMO_PASSWORD,
        agency=agency,
        roles=[role],
        position=position,
    )


@pytest.fixture
def province_round(demo_world):
    """Bắc Kạn's province round of this year, open for registration, with the default criteria and a council
    of two: a deputy head of Ban Dân vận (chair) and a deputy director of Home Affairs. The Department of
    Science and Technology and its officer, who registers the model, are added to the demo province."""
    seed_programmes(Programme, Phase)  # the data migration's rows do not survive the flush
    bac_kan = AdministrativeUnit.objects.get(
        generation=Generation.LEGACY, level=Level.PROVINCE, code=DEMO_PROVINCE_CODE
    )
    sokhcn = Agency.objects.create(
        unit=bac_kan, name="Sở Khoa học và Công nghệ tỉnh Bắc Kạn", short_name="SKHCN", kind=AgencyKind.DEPARTMENT
    )
    official("skhcn.danvan", sokhcn, Role.DEPARTMENT_OFFICER, "Lục Thị Hạnh", "Chuyên viên Văn phòng Sở")
    chair = official(
        "hd.chutich",
        Agency.objects.get(unit=bac_kan, short_name="BDV"),
        Role.LEADER,
        "Hoàng Văn Sơn",
        "Phó Trưởng Ban Dân vận",
    )
    member = official(
        "hd.snv",
        Agency.objects.get(unit=bac_kan, short_name="SNV"),
        Role.DEPARTMENT_OFFICER,
        "Nông Thị Mai",
        "Phó Giám đốc Sở Nội vụ",
    )
    movement_office = User.objects.get(username="tinh.danvan")  # the demo's Ban Dân vận officer
    today = timezone.localdate()
    round_ = round_create(
        actor=movement_office,
        programme=Programme.objects.get(code="dan-van-kheo"),
        unit=bac_kan,
        year=today.year,
        name=f"Mô hình “Dân vận khéo” cấp tỉnh năm {today.year}",
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today + dt.timedelta(days=30),
        recognition_level=RecognitionLevel.PROVINCE,
        pass_threshold=Decimal("70"),
        spread_threshold=Decimal("15"),
        launch_number="125-KH/BDVTU",
        launch_date=today - dt.timedelta(days=30),
        launch_issuer="Ban Dân vận Tỉnh ủy Bắc Kạn",
    )
    council_set(actor=movement_office, round=round_, members=[(chair, CouncilRole.CHAIR), (member, CouncilRole.MEMBER)])
    return round_


def status_of(page):
    return page.locator("span.status").first


def sign_in_as(page, base_url: str, username: str) -> None:
    from tests.browser.test_foundation_journey import log_in

    if page.get_by_role("button", name="Đăng xuất").count():
        page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base_url, username)


def showcase_names(browser, base_url: str) -> str:
    """The public showcase as anyone sees it: a fresh browser context, nobody signed in."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/models/showcase/")
    text = page.locator("main").inner_text()
    context.close()
    return text


def register_with_self_assessment(page, base_url: str, round_: Round, screenshot) -> MobilizationModel:
    page.goto(f"{base_url}/models/new/")
    page.get_by_label("Đợt đăng ký").select_option(str(round_.pk))
    page.get_by_label("Tên mô hình").fill(MODEL_NAME)
    page.get_by_label("Lĩnh vực").select_option("political_system")
    page.get_by_label("Tập thể hay cá nhân").select_option("collective")
    page.get_by_label("Loại tập thể").select_option("agency")
    page.locator("#id_owner_name").fill("Sở Khoa học và Công nghệ tỉnh Bắc Kạn")
    page.get_by_label("Địa chỉ thực hiện").fill("Tổ 1, phường Đức Xuân, thành phố Bắc Kạn")
    page.get_by_label("Thực trạng và lý do xây dựng").fill(
        "Người dân, doanh nghiệp phải đến Sở nhiều lần nộp hồ sơ giấy."
    )
    page.get_by_label("Mục tiêu và tiêu chí đánh giá").fill(
        "100% thủ tục nộp trực tuyến toàn trình; hài lòng trên 95%."
    )
    page.get_by_label("Nội dung và cách làm").fill("Rà soát thủ tục, hướng dẫn tại chỗ, hỗ trợ qua điện thoại và Zalo.")
    page.get_by_label("Địa bàn và đối tượng").fill("Tổ chức, cá nhân có thủ tục tại Sở.")
    page.locator("#id_forces-0-role").select_option("lead")
    page.locator("#id_forces-0-name").fill("Văn phòng Sở")
    page.locator("#id_forces-0-task").fill("Chủ trì, hướng dẫn người dân")
    page.get_by_label("Tiến độ thực hiện").fill("Từ tháng 3 đến tháng 12.")
    page.get_by_label("Sản phẩm, kết quả kiểm chứng được").fill("Tỷ lệ hồ sơ trực tuyến, phiếu khảo sát hài lòng.")
    page.get_by_label("Khả năng nhân rộng").fill("Áp dụng cho các sở, ngành có thủ tục hành chính.")
    page.get_by_role("button", name="Lưu bản nháp").click()

    page.wait_for_url(re.compile(r"/models/\d+/$"))
    assert page.get_by_text("Đã lưu bản nháp").is_visible()
    assert status_of(page).inner_text() == "Bản nháp"
    model = MobilizationModel.objects.get(name=MODEL_NAME)
    assert model.status == Status.DRAFT

    page.get_by_role("link", name="Tự đánh giá theo tiêu chí").click()
    page.wait_for_url(f"**/models/{model.pk}/self-assessment/")
    criteria = [c for c in round_.criteria.all() if c.applies(model.owner_kind)]
    assert page.get_by_text(f"Còn {len(criteria)} tiêu chí chưa tự đánh giá đủ.").is_visible()
    for number, criterion in enumerate(criteria, start=1):
        page.locator(f"#id_c{criterion.pk}-statement").fill(f"Đáp ứng: {criterion.text}")
        if number == len(criteria):
            # the last one has no paper yet, and says why
            page.locator(f"#id_c{criterion.pk}-missing_evidence_reason").fill("Đang chờ Sở Nội vụ xác nhận.")
        else:
            page.locator(f"#id_c{criterion.pk}-evidence_note").fill(f"Báo cáo số {number}/BC-SKHCN")
    screenshot(page, "models-self-assessment")
    page.get_by_role("button", name="Lưu và đăng ký mô hình").click()

    page.wait_for_url(f"**/models/{model.pk}/")
    assert page.get_by_text("Đã đăng ký mô hình với đơn vị phát động.").is_visible()
    assert status_of(page).inner_text() == "Đã đăng ký"
    assert page.get_by_role("link", name="Sửa hồ sơ").count() == 0  # a registered model is no longer edited
    model.refresh_from_db()
    assert model.status == Status.REGISTERED and model.registered_on == timezone.localdate()
    assert model.self_assessments.count() == len(criteria)
    return model


def score(page, base_url: str, model: MobilizationModel, points: dict[int, Decimal], screenshot, name: str) -> None:
    """A council member opens their scoring page, keeps a partial sheet, then completes and hands it in."""
    page.goto(f"{base_url}/models/scoring/")
    row = page.locator("tr", has=page.get_by_role("link", name=MODEL_NAME))
    count = len(points)
    assert row.get_by_text(f"đã chấm 0/{count} tiêu chí").is_visible()
    row.get_by_role("link", name=MODEL_NAME).click()
    page.wait_for_url(re.compile(r"/models/scoring/\d+/$"))
    assert page.get_by_text(f"Đã chấm 0/{count} tiêu chí.").is_visible()
    assert page.get_by_text("Tự đánh giá:").first.is_visible()  # the registrant's statements beside each criterion

    items = list(points.items())
    half = count // 2
    for criterion_id, value in items[:half]:
        page.locator(f"#id_c{criterion_id}-points").fill(str(value))
    page.get_by_role("button", name="Lưu phiếu", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu phiếu.").is_visible()
    assert page.get_by_text(f"Đã chấm {half}/{count} tiêu chí.").is_visible()

    page.goto(f"{base_url}/models/scoring/")
    assert page.get_by_text(f"đã chấm {half}/{count} tiêu chí").is_visible()
    page.get_by_role("link", name=MODEL_NAME).click()
    page.wait_for_url(re.compile(r"/models/scoring/\d+/$"))
    for criterion_id, value in items[half:]:
        page.locator(f"#id_c{criterion_id}-points").fill(str(value))
    page.get_by_label("Nhận xét chung").fill("Kết quả đo đếm được, có khảo sát hài lòng.")
    screenshot(page, name)
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã nộp phiếu chấm điểm.").is_visible()
    assert page.get_by_text(f"Đã chấm {count}/{count} tiêu chí.").is_visible()
    assert page.get_by_text("Đã nộp phiếu lúc").is_visible()

    page.goto(f"{base_url}/models/scoring/")
    total = sum(points.values(), Decimal("0"))
    progress = page.locator("tr", has=page.get_by_role("link", name=MODEL_NAME)).locator("td").last.inner_text()
    assert progress.startswith("đã nộp")
    assert re.sub(r"[.,]0+\b", "", progress.split("·")[1]).strip() == f"{total.normalize():f} điểm"


def issue_decision(page, base_url: str, round_: Round, model: MobilizationModel, *, number: str, outcome: str) -> None:
    page.goto(f"{base_url}/models/rounds/{round_.pk}/")
    page.get_by_role("link", name="Ban hành quyết định công nhận").click()
    page.wait_for_url(f"**/models/rounds/{round_.pk}/decision/")
    row = page.locator("tr", has=page.get_by_role("link", name=MODEL_NAME))
    assert row.get_by_text("Đề nghị: Công nhận").is_visible()  # the council's proposal beside the choice
    page.get_by_label("Số quyết định").fill(number)
    page.get_by_label("Ngày ký").fill(timezone.localdate().isoformat())
    page.get_by_role("textbox", name="Người ký", exact=True).fill("Hà Thị Vân")
    page.get_by_label("Chức vụ người ký").fill("Trưởng Ban Dân vận Tỉnh ủy")
    page.locator(f"#id_m{model.pk}-outcome").select_option(outcome)
    page.get_by_role("button", name="Ban hành quyết định").click()
    page.wait_for_url(f"**/models/rounds/{round_.pk}/")
    assert page.get_by_text(f"Đã ban hành quyết định số {number} cho 1 mô hình.").is_visible()
    assert page.get_by_text(f"Số {number} ngày").is_visible()


def test_register_score_recognise_name_typical_and_publish(live_server, province_round, browser, screenshot):
    base = live_server.url
    round_ = province_round
    page = browser.new_page()

    # The department's officer registers the model and states how it meets each criterion.
    sign_in_as(page, base, "skhcn.danvan")
    model = register_with_self_assessment(page, base, round_, screenshot)
    screenshot(page, "models-registered")

    # Ban Dân vận takes the round's registrations into evaluation and gives them to the council.
    sign_in_as(page, base, "tinh.danvan")
    page.goto(f"{base}/models/rounds/{round_.pk}/")
    page.get_by_role("button", name="Đưa 1 hồ sơ đã đăng ký vào thẩm định").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu.").is_visible()
    page.get_by_role("button", name="Phân công hội đồng chấm điểm").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã lưu.").is_visible()
    page.goto(f"{base}/models/{model.pk}/")
    assert status_of(page).inner_text() == "Đang thẩm định"
    assert model.assignments.filter(recused=False).count() == 2

    # Two council members score it on their own.
    criteria = [c for c in round_.criteria.order_by("order", "pk") if c.applies(model.owner_kind)]
    full = {c.pk: c.max_points for c in criteria}
    # the member finds the results short of the maximum on the non-mandatory criteria: 2 points off each
    short = {c.pk: c.max_points if c.mandatory else c.max_points - 2 for c in criteria}
    sign_in_as(page, base, "hd.chutich")
    score(page, base, model, full, screenshot, "models-score-sheet")
    sign_in_as(page, base, "hd.snv")
    score(page, base, model, short, screenshot, "models-score-sheet-member")
    model.refresh_from_db()
    assert model.scores_submitted == 2
    expected = (sum(full.values()) + sum(short.values())) / 2
    assert model.score == expected and not model.mandatory_failed

    # Ban Dân vận sees the council's result, then recognises the model.
    sign_in_as(page, base, "tinh.danvan")
    page.goto(f"{base}/models/rounds/{round_.pk}/council/")
    summary = page.locator("tr", has=page.get_by_role("link", name=MODEL_NAME))
    assert summary.get_by_text("2/2").is_visible()
    assert summary.get_by_text("Công nhận", exact=True).is_visible()  # the council proposes recognition
    screenshot(page, "models-council-summary")
    issue_decision(page, base, round_, model, number="35/QĐ-BDVTU", outcome="recognized")
    page.goto(f"{base}/models/{model.pk}/")
    assert status_of(page).inner_text() == "Được công nhận"
    assert page.get_by_role("link", name="In giấy chứng nhận").is_visible()
    assert page.locator("form[action$='/publish/']").count() == 0  # only a typical model is published
    assert MODEL_NAME not in showcase_names(browser, base)

    # A second decision names it typical; it stays off the showcase until the office publishes it.
    issue_decision(page, base, round_, model, number="41/QĐ-BDVTU", outcome="typical")
    page.goto(f"{base}/models/{model.pk}/")
    assert status_of(page).inner_text() == "Tiêu biểu"
    assert page.get_by_text("Ngày chọn tiêu biểu").is_visible()
    assert MODEL_NAME not in showcase_names(browser, base)

    page.locator("details.action summary", has_text="Công khai mô hình tiêu biểu").click()
    page.get_by_label("Tóm tắt công khai").fill(PUBLIC_SUMMARY)
    page.get_by_role("button", name="Công khai", exact=True).click()
    page.wait_for_url(f"**/models/{model.pk}/")
    assert page.get_by_text("Đang công khai").is_visible()
    screenshot(page, "models-typical-published")
    model.refresh_from_db()
    assert model.status == Status.TYPICAL and model.is_published

    # Anyone, signed in or not, finds it on the showcase with the approved summary and nothing else.
    context = browser.new_context()
    public = context.new_page()
    public.goto(f"{base}/models/showcase/")
    assert public.get_by_role("link", name=MODEL_NAME).is_visible()
    assert public.get_by_role("button", name="Đăng xuất").count() == 0
    screenshot(public, "models-showcase")
    public.get_by_role("link", name=MODEL_NAME).click()
    public.wait_for_url(f"**/models/showcase/{model.pk}/")
    text = public.locator("main").inner_text()
    assert PUBLIC_SUMMARY in text
    assert "Người dân, doanh nghiệp phải đến Sở" not in text  # the registration itself stays internal
    assert "Lục Thị Hạnh" not in text  # nor who registered it
    context.close()
