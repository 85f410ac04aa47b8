"""The current year on the 2025 map, made by the demo's accounts through the services."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from models_registry.choices import CollectiveKind, CouncilRole, Field, ForceRole, OwnerKind, RecognitionLevel, Status
from models_registry.defaults import DVK, FRIENDLY
from models_registry.demo.common import in_sentence, model_text, sheet_points
from models_registry.demo.words import NAMED, STATEMENT
from models_registry.models import Assignment, MobilizationModel, Programme, Round, SelfAssessment
from portal.choices import AgencyKind, Generation, Level
from portal.demo import CURRENT_COMMUNE_CODE, CURRENT_PROVINCE_CODE
from portal.models import AdministrativeUnit, Agency, User


@dataclass(frozen=True)
class LiveModel:
    """A registration of this year's round: by whom (a provincial agency's short name, or a 2025 commune whose
    People's Committee registers it), on what, and how far it has gone."""

    by: str
    name: str
    field: str
    owner: str = ""  # the agency itself when empty
    kind: str = CollectiveKind.AGENCY
    position: str = ""  # an individual's (the owner is then a person)
    stage: str = Status.EVALUATING
    reason: str = ""
    replicates: str = ""  # the key of the named model it copies


PROVINCE_LIVE = [
    LiveModel("SKHCN", "Khéo hỗ trợ tổ chức, cá nhân thực hiện dịch vụ công trực tuyến toàn trình trên Cổng "
              "Dịch vụ công tỉnh", Field.POLITICAL_SYSTEM),
    LiveModel("SNV", "Dân vận khéo trong sắp xếp, bố trí cán bộ khi vận hành chính quyền địa phương hai cấp",
              Field.POLITICAL_SYSTEM),
    LiveModel("BDV", "Tổ “Dân vận khéo” nắm bắt tâm tư của nhân dân ở các xã mới sau sắp xếp",
              Field.POLITICAL_SYSTEM),
    LiveModel("UBND", "Lãnh đạo tỉnh đối thoại trực tiếp với nhân dân các xã sau sắp xếp", Field.POLITICAL_SYSTEM),
    LiveModel("SLĐTBXH", "Vận động xóa nhà tạm, nhà dột nát cho hộ nghèo vùng đồng bào dân tộc thiểu số",
              Field.CULTURE_SOCIETY),
    LiveModel("Xã Đồng Phúc", "Vận động nhân dân thôn Bản Chán trồng chè vàng gắn với du lịch hồ Ba Bể", Field.ECONOMY,
              "Hoàng Văn Tam", position="Nông dân thôn Bản Chán, xã Đồng Phúc"),
    LiveModel("Phường Đức Xuân", "Tổ dân phố văn minh, phân loại rác thải tại nguồn", Field.CULTURE_SOCIETY,
              "Khu dân cư tổ 7, phường Đức Xuân", CollectiveKind.RESIDENTIAL_AREA),
    LiveModel("Xã Chợ Đồn", "Hội viên Cựu chiến binh giúp nhau phát triển kinh tế đồi rừng", Field.ECONOMY,
              "Hội Cựu chiến binh xã Chợ Đồn", CollectiveKind.ORGANISATION),
    LiveModel("Xã Ba Bể", "Vận động nhân dân giữ gìn cảnh quan, làm du lịch cộng đồng thôn Pác Ngòi",
              Field.CULTURE_SOCIETY, "Khu dân cư thôn Pác Ngòi", CollectiveKind.RESIDENTIAL_AREA),
    LiveModel("Xã Na Rì", "Vận động chị em phụ nữ tiết kiệm, giúp nhau thoát nghèo", Field.ECONOMY, "Lục Thị Hạnh",
              position="Chi hội trưởng Phụ nữ tổ Pàn Xả, xã Na Rì"),
    LiveModel("Xã Bằng Thành", "Camera an ninh ở khu dân cư gắn với tổ tự quản", Field.DEFENCE_SECURITY,
              "Công an xã Bằng Thành", CollectiveKind.AGENCY),
    LiveModel("STNMT", "Vận động người dân hiến đất, giải phóng mặt bằng các công trình giao thông",
              Field.ECONOMY, stage=Status.REGISTERED),
    LiveModel("HND", "Nông dân liên kết sản xuất, tiêu thụ chè theo chuỗi giá trị", Field.ECONOMY,
              kind=CollectiveKind.ORGANISATION, stage=Status.REGISTERED),
    LiveModel("Xã Đồng Phúc", "Chi bộ khéo vận động đảng viên, nhân dân thực hiện nghị quyết của xã sau hợp nhất",
              Field.POLITICAL_SYSTEM, "Chi bộ thôn Nà Phiêng", CollectiveKind.PARTY_CELL, stage=Status.REGISTERED),
    LiveModel("Xã Bằng Thành", "Câu lạc bộ hát Then, đàn Tính trong trường học gắn với du lịch cộng đồng",
              Field.CULTURE_SOCIETY, "Trường Phổ thông Dân tộc bán trú Trung học cơ sở Bằng Thành",
              CollectiveKind.SCHOOL, stage=Status.REGISTERED, replicates="then_club"),
    LiveModel("Xã Trần Phú", "Khéo tuyên truyền hương ước, quy ước đến từng hộ thôn Cốc Sâu", Field.POLITICAL_SYSTEM,
              "Chi bộ thôn Cốc Sâu", CollectiveKind.PARTY_CELL, stage=Status.REGISTERED, replicates="na_dau"),
    LiveModel("Xã Nà Phặc", "Tổ liên gia an toàn phòng cháy, chữa cháy", Field.DEFENCE_SECURITY,
              "Khu dân cư thôn Nà Mòn", CollectiveKind.RESIDENTIAL_AREA, stage=Status.REGISTERED),
    LiveModel("Xã Chợ Mới", "Vận động đồng bào Dao bỏ tục thách cưới", Field.CULTURE_SOCIETY, "Triệu Văn Quý",
              position="Người có uy tín thôn Khuổi Tẩu, xã Chợ Mới", stage=Status.REGISTERED),
    LiveModel("MTTQ", "Mặt trận lắng nghe ý kiến nhân dân qua “Ngày hội Đại đoàn kết toàn dân tộc”",
              Field.POLITICAL_SYSTEM, stage=Status.RETURNED,
              reason="Tiêu chí “Được cơ quan có thẩm quyền ghi nhận” chưa có minh chứng; đề nghị bổ sung văn bản."),
    LiveModel("Xã Cẩm Giàng", "Vận động nhân dân trồng rừng gỗ lớn", Field.ECONOMY, "Hội Nông dân xã Cẩm Giàng",
              CollectiveKind.ORGANISATION, stage=Status.WITHDRAWN,
              reason="Đơn vị xin rút để hoàn thiện mô hình, đăng ký vào năm sau."),
    LiveModel("STP", "Tổ hòa giải ở cơ sở khéo hòa giải tranh chấp đất đai", Field.DEFENCE_SECURITY,
              stage=Status.DRAFT),
    LiveModel("Xã Thượng Minh", "Thôn Bản Piềng sáng - xanh - sạch - đẹp", Field.CULTURE_SOCIETY,
              "Khu dân cư thôn Bản Piềng", CollectiveKind.RESIDENTIAL_AREA, stage=Status.DRAFT),
    LiveModel("Xã Chợ Rã", "Giúp học sinh vùng cao đến trường", Field.CULTURE_SOCIETY, "Đoàn Thanh niên xã Chợ Rã",
              CollectiveKind.ORGANISATION, stage=Status.DRAFT),
]  # fmt: skip
# How many of the council (chair, members, secretary) have handed in their sheet, model by model.
SHEETS_IN = [4, 3, 3, 2, 4, 1, 0, 3, 2, 1, 0]
FRONT = "MTTQ"  # the commune's Fatherland Front, which gathers its villages' registrations
COMMUNE_LIVE = [
    LiveModel(FRONT, "Ngày hội Đại đoàn kết gắn với giữ gìn vệ sinh môi trường", Field.CULTURE_SOCIETY,
              "Khu dân cư thôn Bản Chán", CollectiveKind.RESIDENTIAL_AREA),
    LiveModel(FRONT, "Tổ hợp tác trồng chè vàng, chia sẻ giống cho hộ nghèo", Field.ECONOMY,
              "Hội Nông dân xã Đồng Phúc", CollectiveKind.ORGANISATION),
    LiveModel(FRONT, "Vận động phụ nữ trong thôn tham gia bảo hiểm y tế", Field.CULTURE_SOCIETY, "Ma Thị Dung",
              position="Chi hội trưởng Phụ nữ thôn Nà Phiêng"),
    LiveModel("UBND", "Bộ phận một cửa hướng dẫn người dân làm thủ tục trực tuyến", Field.POLITICAL_SYSTEM,
              stage=Status.REGISTERED),
    LiveModel("UBND", "Thôn Khuổi Luông an toàn về an ninh, trật tự", Field.DEFENCE_SECURITY,
              "Công an xã Đồng Phúc", stage=Status.REGISTERED),
    LiveModel("UBND", "Nâng cao chất lượng sinh hoạt chi bộ thôn Quảng Khê", Field.POLITICAL_SYSTEM,
              "Chi bộ thôn Quảng Khê", CollectiveKind.PARTY_CELL, stage=Status.DRAFT),
]  # fmt: skip
COMMUNE_SHEETS_IN = [2, 1, 0]
FRIENDLY_LIVE = [
    LiveModel("Xã Đồng Phúc", "Chính quyền thân thiện, vì nhân dân phục vụ ở xã mới", Field.POLITICAL_SYSTEM,
              kind=CollectiveKind.UNIT, stage=Status.REGISTERED),
    LiveModel("Xã Bằng Thành", "Bộ phận một cửa thân thiện, giải quyết thủ tục đúng hẹn", Field.POLITICAL_SYSTEM,
              kind=CollectiveKind.UNIT, stage=Status.REGISTERED),
    LiveModel("Xã Trần Phú", "Cán bộ, công chức “4 xin, 4 luôn” với nhân dân", Field.POLITICAL_SYSTEM,
              kind=CollectiveKind.UNIT, stage=Status.REGISTERED),
    LiveModel("Phường Đức Xuân", "Chủ tịch UBND phường đối thoại định kỳ với nhân dân", Field.POLITICAL_SYSTEM,
              kind=CollectiveKind.UNIT, stage=Status.REGISTERED),
    LiveModel("Xã Chợ Rã", "Chính quyền thân thiện với người dân vùng hồ", Field.POLITICAL_SYSTEM,
              kind=CollectiveKind.UNIT, stage=Status.DRAFT),
]  # fmt: skip


def seed_current(seed: int, as_of: dt.date) -> int:
    """This year's rounds of Tỉnh Thái Nguyên and Xã Đồng Phúc (2025), their registrations and councils, made
    by the demo's accounts through the services (created once: skipped when the province's round is there)."""
    from models_registry.services import (
        assignments_make,
        council_set,
        model_create,
        model_link_replication,
        model_return,
        model_start_evaluation,
        model_submit,
        model_withdraw,
        round_create,
        score_sheet_save,
    )

    province = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.PROVINCE, code=CURRENT_PROVINCE_CODE
    )
    commune = AdministrativeUnit.objects.get(
        generation=Generation.CURRENT, level=Level.COMMUNE, code=CURRENT_COMMUNE_CODE
    )
    dvk, friendly = Programme.objects.get(code=DVK), Programme.objects.get(code=FRIENDLY)
    year = as_of.year
    if Round.objects.filter(programme=dvk, unit=province, year=year).exists():
        return 0
    rng = random.Random(f"{seed}-models-{year}")
    accounts = {u.username: u for u in User.objects.select_related("agency__unit").filter(username__startswith="tn")}
    office, commune_office = accounts["tn.danvan"], accounts["tnxa.danvan"]
    agencies = {a.short_name: a for a in Agency.objects.filter(unit=province)}
    agencies["SKHCN"], _created = Agency.objects.get_or_create(
        unit=province,
        name="Sở Khoa học và Công nghệ tỉnh Thái Nguyên",
        defaults={"short_name": "SKHCN", "kind": AgencyKind.DEPARTMENT},
    )
    committees = {
        a.unit.name: a
        for a in Agency.objects.filter(unit__parent=province, kind=AgencyKind.PEOPLES_COMMITTEE).select_related("unit")
    }
    front, _created = Agency.objects.get_or_create(
        unit=commune,
        name=f"Ủy ban MTTQ Việt Nam {commune.name}",
        defaults={"short_name": FRONT, "kind": AgencyKind.FATHERLAND_FRONT, "parent": agencies.get("MTTQ")},
    )
    named = {  # the report's models, which some of this year's copy
        n.key: MobilizationModel.objects.filter(unit__path__startswith=f"{Generation.LEGACY}/", name=n.name).first()
        for n in NAMED
    }
    # Registration opened in February and is still open: the services date each step by the real today,
    # so the window holds it as well as the demo's as-of day.
    today = timezone.localdate()
    opens = min(dt.date(year, 2, 1), as_of, today)
    closes = max(as_of, today) + dt.timedelta(days=30)

    def launch(actor, programme, unit, level, name, number, issuer, passing, spread):
        return round_create(
            actor=actor, programme=programme, unit=unit, year=year, name=name, registration_opens=opens,
            registration_closes=closes, recognition_level=level, pass_threshold=Decimal(passing),
            spread_threshold=Decimal(spread), launch_number=number, launch_date=opens, launch_issuer=issuer,
        )  # fmt: skip

    criteria_of: dict[int, list] = {}

    def register(actor, round_, spec: LiveModel, agency: Agency) -> MobilizationModel:
        if round_.pk not in criteria_of:
            criteria_of[round_.pk] = list(round_.criteria.all())
        place = in_sentence(agency.unit.name) if agency.unit.level == Level.COMMUNE else agency.name
        individual = bool(spec.position)
        participants = f"Nhân dân {place}" if agency.unit.level == Level.COMMUNE else f"Cán bộ, công chức {place}"
        data = {
            "name": spec.name,
            "field": spec.field,
            "owner_kind": OwnerKind.INDIVIDUAL if individual else OwnerKind.COLLECTIVE,
            "collective_kind": "" if individual else spec.kind,
            "owner_name": spec.owner or agency.name,
            "owner_position": spec.position,
            "owner_agency": agency if not spec.owner else None,
            "address": agency.unit.name if agency.unit.level == Level.COMMUNE else agency.name,
            **model_text(spec.field, place, year),
        }
        forces = [
            {"role": ForceRole.LEAD, "name": data["owner_name"], "task": "Chủ trì, vận động"},
            {"role": ForceRole.PARTICIPATING, "name": participants, "task": "Tham gia thực hiện"},
        ]
        model = model_create(actor=actor, round=round_, data=data, forces=forces, registering_agency=agency)
        if spec.stage == Status.DRAFT:
            return model
        # The statements in bulk (some 200 of them): the submit's guard checks them as it would the form's.
        statements = []
        for index, criterion in enumerate(c for c in criteria_of[round_.pk] if c.applies(model.owner_kind)):
            gap = index == 6 and spec.stage == Status.RETURNED
            statements.append(
                SelfAssessment(
                    model=model,
                    criterion=criterion,
                    statement=STATEMENT.format(text=criterion.text.rstrip(".")),
                    evidence_note="" if gap else f"Báo cáo số {rng.randint(10, 99)}/BC ngày {opens:%d/%m/%Y}",
                    missing_evidence_reason="Văn bản ghi nhận của cấp trên chưa ban hành." if gap else "",
                )
            )
        SelfAssessment.objects.bulk_create(statements)
        model = model_submit(actor=actor, model=model)
        if spec.stage == Status.RETURNED:
            model = model_return(actor=actor, model=model, reason=spec.reason)
        elif spec.stage == Status.WITHDRAWN:
            model = model_withdraw(actor=actor, model=model, reason=spec.reason)
        if spec.replicates and named.get(spec.replicates) is not None:
            model = model_link_replication(actor=actor, model=model, origin=named[spec.replicates])
        return model

    def evaluate(actor, round_, models, sheets_in):
        model_start_evaluation(actor=actor, models=models)
        assignments_make(actor=actor, round=round_)
        criteria = list(round_.criteria.all())
        for index, (model, handed_in) in enumerate(zip(models, sheets_in, strict=True)):
            applying = [c for c in criteria if c.applies(model.owner_kind)]
            sheets = Assignment.objects.filter(model=model, recused=False).select_related("member__user")
            # One model falls short of the threshold (the 4th), one misses a mandatory criterion (the 8th).
            base = 0.5 if index == 3 else 0.8
            for position, sheet in enumerate(sheets.order_by("member__role", "member_id")):
                if position > handed_in:
                    break
                spread_out = index == 0 and position == 0  # one member far from the others: flagged
                points = sheet_points(applying, base - (0.3 if spread_out else 0), rng, fail_mandatory=index == 7)
                score_sheet_save(
                    actor=sheet.member.user,
                    assignment=sheet,
                    scores={pk: (value, "") for pk, value in points.items()},
                    comment="Mô hình có cách làm phù hợp, kết quả kiểm chứng được." if position < handed_in else "",
                    submit=position < handed_in,  # the next member has saved a draft of his sheet
                )

    created = 0
    with transaction.atomic():
        round_ = launch(
            office, dvk, province, RecognitionLevel.PROVINCE,
            f"Mô hình, điển hình “Dân vận khéo” cấp tỉnh năm {year}", f"{rng.randint(20, 90)}-KH/BDVTU",
            agencies["BDV"].name, 70, 15,
        )  # fmt: skip
        council_set(
            actor=office,
            round=round_,
            members=[
                (accounts["tn.lanhdao"], CouncilRole.CHAIR),
                (accounts["tn.thanhtra"], CouncilRole.MEMBER),
                (accounts["tn.cchc"], CouncilRole.MEMBER),
                (office, CouncilRole.SECRETARY),
            ],
        )
        models = [
            register(office, round_, spec, agencies.get(spec.by) or committees[spec.by]) for spec in PROVINCE_LIVE
        ]
        evaluating = [m for m, spec in zip(models, PROVINCE_LIVE, strict=True) if spec.stage == Status.EVALUATING]
        evaluate(office, round_, evaluating, SHEETS_IN)
        created += len(models)

        commune_round = launch(
            commune_office, dvk, commune, RecognitionLevel.COMMUNE,
            f"Mô hình, điển hình “Dân vận khéo” {in_sentence(commune.name)} năm {year}",
            f"{rng.randint(5, 60)}/KH-UBND", commune_office.agency.name, 60, 20,
        )  # fmt: skip
        council_set(
            actor=commune_office,
            round=commune_round,
            members=[
                (accounts["tnxa.lanhdao"], CouncilRole.CHAIR),
                (accounts["tnxa.thanhtra"], CouncilRole.MEMBER),
                (accounts["tnxa.cchc"], CouncilRole.MEMBER),
            ],
        )
        models = [
            register(commune_office, commune_round, spec, front if spec.by == FRONT else commune_office.agency)
            for spec in COMMUNE_LIVE
        ]
        evaluating = [m for m, spec in zip(models, COMMUNE_LIVE, strict=True) if spec.stage == Status.EVALUATING]
        evaluate(commune_office, commune_round, evaluating, COMMUNE_SHEETS_IN)
        created += len(models)

        friendly_round = launch(
            office, friendly, province, RecognitionLevel.PROVINCE,
            f"Mô hình “Chính quyền thân thiện, vì nhân dân phục vụ” tỉnh Thái Nguyên năm {year}",
            f"{rng.randint(10, 40)}-KH/BCĐ", "Ban Chỉ đạo xây dựng chính quyền thân thiện tỉnh Thái Nguyên", 75, 15,
        )  # fmt: skip
        created += len([register(office, friendly_round, spec, committees[spec.by]) for spec in FRIENDLY_LIVE])
    return created
