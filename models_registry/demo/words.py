"""The words the demo registry is written with: names, places, the registration's elements, and the
models the province's report names (seeds/ 003)."""

from __future__ import annotations

from dataclasses import dataclass

from models_registry.choices import CollectiveKind, Field, OwnerKind, RecognitionLevel

FAMILY = ["Hoàng", "Nông", "Triệu", "Lục", "Ma", "Hà", "Đàm", "La", "Lý", "Dương", "Bế", "Lăng", "Hứa", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Hồng", "Thanh"]
GIVEN = ["Bình", "Chiến", "Dung", "Hạnh", "Khánh", "Lợi", "Mai", "Nguyên", "Phúc", "Quân", "Sáng", "Thắm", "Vui"]
VILLAGES = [
    "Nà Phiêng", "Khuổi Luông", "Bản Chán", "Pác Ngòi", "Bó Lù", "Cốc Tộc", "Nà Hai", "Khuổi Mạn", "Nà Làng",
    "Bản Cám", "Nà Mằm", "Phiêng Chỉ", "Nà Tông", "Khuổi Vùa", "Bản Vàng", "Nà Ngần", "Pò Pồng", "Nà Cọ",
    "Khau Ban", "Cốc Sâu", "Nà Mòn", "Bản Piềng", "Khuổi Tẩu", "Nà Pài", "Đon Tuấn", "Bản Duồm",
]  # fmt: skip
CROPS = ["cây quế", "cây hồi", "cây mơ", "cây thạch đen", "cây gừng", "cây dong riềng", "cây chè", "cây cam, quýt"]
ANIMALS = ["lợn đen", "gà đồi", "trâu, bò", "cá lồng", "dê núi"]
PRODUCTS = ["miến dong", "chè Shan tuyết", "mật ong", "thạch đen", "bánh gio", "gạo nếp vải"]
# The name of a model, by field ({v}: a village, {c}: the commune; {crop}, {animal}, {product}).
MODEL_NAMES = {
    Field.ECONOMY: [
        "Vận động nhân dân hiến đất, góp công làm đường bê tông thôn {v}",
        "Vận động hộ dân chuyển đổi đất lúa kém hiệu quả sang trồng {crop}",
        "Liên kết trồng và tiêu thụ {crop} theo hướng hàng hóa tại thôn {v}",
        "Vận động nhân dân phát triển chăn nuôi {animal} an toàn sinh học",
        "Giúp hộ nghèo thôn {v} phát triển sinh kế, thoát nghèo bền vững",
        "Xây dựng sản phẩm OCOP {product} gắn với tổ hợp tác thôn {v}",
        "Vận động nhân dân trồng rừng gỗ lớn, bảo vệ rừng đầu nguồn",
        "Dân vận khéo trong xây dựng nông thôn mới nâng cao ở {c}",
    ],
    Field.CULTURE_SOCIETY: [
        "Vận động nhân dân thực hiện nếp sống văn minh trong việc cưới, việc tang ở thôn {v}",
        "Câu lạc bộ hát Then, đàn Tính thôn {v}",
        "Vận động trẻ em trong độ tuổi đến trường, không để học sinh bỏ học",
        "Thôn {v} xanh - sạch - đẹp, phân loại rác thải tại hộ gia đình",
        "Vận động người dân tham gia bảo hiểm y tế, bảo hiểm xã hội tự nguyện",
        "Giữ gìn nghề dệt thổ cẩm, bản sắc văn hóa dân tộc Dao",
        "Vận động xóa nhà tạm, nhà dột nát cho hộ nghèo",
        "Phát triển du lịch cộng đồng gắn với bảo tồn nhà sàn truyền thống thôn {v}",
        "Khuyến học, khuyến tài trong dòng họ thôn {v}",
    ],
    Field.DEFENCE_SECURITY: [
        "Thôn {v} an toàn về an ninh, trật tự",
        "Tổ tự quản an ninh trật tự, hòa giải ở cơ sở thôn {v}",
        "Camera an ninh gắn với phòng, chống tội phạm ở khu dân cư",
        "Vận động nhân dân giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ",
        "Phòng, chống ma túy, tệ nạn xã hội tại cộng đồng thôn {v}",
        "Vận động thanh niên hăng hái lên đường nhập ngũ",
        "Tổ liên gia an toàn phòng cháy, chữa cháy thôn {v}",
    ],
    Field.POLITICAL_SYSTEM: [
        "Nâng cao chất lượng sinh hoạt chi bộ thôn {v}",
        "Đảng viên gương mẫu, nhận giúp đỡ hộ gia đình khó khăn",
        "Dân vận khéo trong tiếp công dân, giải quyết thủ tục hành chính tại bộ phận một cửa",
        "Lắng nghe ý kiến nhân dân qua hội nghị đối thoại định kỳ ở {c}",
        "Dân biết, dân bàn, dân làm, dân kiểm tra trong xây dựng công trình thôn {v}",
        "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán không dùng tiền mặt",
        "Hội viên phụ nữ tham gia góp ý xây dựng Đảng, xây dựng chính quyền",
    ],
}
# What an agency of the province or a district builds (unit: the agency's own).
AGENCY_MODEL_NAMES = [
    (Field.POLITICAL_SYSTEM, "Cán bộ, công chức lắng nghe, giải quyết kịp thời kiến nghị của người dân"),
    (Field.POLITICAL_SYSTEM, "Dân vận khéo trong giải quyết thủ tục hành chính trên môi trường điện tử"),
    (Field.POLITICAL_SYSTEM, "Văn hóa công sở thân thiện, vì nhân dân phục vụ"),
    (Field.ECONOMY, "Cơ quan nhận đỡ đầu, giúp đỡ thôn đặc biệt khó khăn {v}"),
    (Field.ECONOMY, "Vận động đoàn viên, hội viên tham gia xây dựng nông thôn mới"),
    (Field.CULTURE_SOCIETY, "Tuyên truyền, phổ biến pháp luật cho đồng bào vùng cao"),
    (Field.DEFENCE_SECURITY, "Đối thoại, vận động nhân dân trong bồi thường, giải phóng mặt bằng"),
]
COLLECTIVES = [
    (CollectiveKind.PARTY_CELL, "Chi bộ thôn {v}", 3),
    (CollectiveKind.RESIDENTIAL_AREA, "Khu dân cư thôn {v}", 4),
    (CollectiveKind.ORGANISATION, "Hội Liên hiệp Phụ nữ {c}", 2),
    (CollectiveKind.ORGANISATION, "Hội Nông dân {c}", 2),
    (CollectiveKind.ORGANISATION, "Hội Cựu chiến binh {c}", 1),
    (CollectiveKind.ORGANISATION, "Đoàn Thanh niên {c}", 1),
    (CollectiveKind.ORGANISATION, "Ủy ban MTTQ Việt Nam {c}", 1),
    (CollectiveKind.SCHOOL, "Trường Tiểu học {c}", 1),
    (CollectiveKind.SCHOOL, "Trạm Y tế {c}", 1),
    (CollectiveKind.AGENCY, "Công an {c}", 1),
    (CollectiveKind.UNIT, "Ủy ban nhân dân {c}", 1),
]
POSITIONS = [
    "Trưởng thôn {v}", "Bí thư Chi bộ thôn {v}", "Người có uy tín thôn {v}", "Nông dân thôn {v}",
    "Chi hội trưởng Phụ nữ thôn {v}", "Công chức Văn phòng - Thống kê {c}", "Giáo viên Trường Tiểu học {c}",
    "Hội viên Hội Cựu chiến binh {c}", "Công an viên thôn {v}",
]  # fmt: skip
PARTNERS = ["Ủy ban MTTQ Việt Nam {c}", "Hội Nông dân {c}", "Đoàn Thanh niên {c}", "Công an {c}", "Hội Phụ nữ {c}"]
# The registration's elements by field ({p}: where): situation, goals, content and method, verifiable outputs.
ELEMENTS = {
    Field.ECONOMY: (
        "Ở {p}, sản xuất còn nhỏ lẻ, thu nhập của nhiều hộ thấp, sản phẩm chưa có nơi tiêu thụ ổn định.",
        "Thu nhập của các hộ tham gia tăng từ 10% trở lên; có hợp đồng tiêu thụ sản phẩm.",
        "Tuyên truyền, vận động từng hộ; tập huấn kỹ thuật; liên kết với hợp tác xã để tiêu thụ.",
        "Số hộ tham gia, diện tích, sản lượng và thu nhập tăng thêm, có sổ theo dõi của thôn.",
    ),
    Field.CULTURE_SOCIETY: (
        "Ở {p}, còn hủ tục, môi trường chưa sạch, một số nét văn hóa truyền thống có nguy cơ mai một.",
        "Các hộ thực hiện hương ước; duy trì sinh hoạt văn hóa hằng tháng; không có học sinh bỏ học.",
        "Họp thôn, đến từng hộ vận động; người có uy tín làm gương; lồng ghép sinh hoạt câu lạc bộ.",
        "Số hộ cam kết và thực hiện, số buổi sinh hoạt, số học sinh ra lớp, ảnh và biên bản họp thôn.",
    ),
    Field.DEFENCE_SECURITY: (
        "Ở {p}, còn xảy ra trộm cắp vặt, mâu thuẫn trong nhân dân chưa được hòa giải kịp thời.",
        "Không để xảy ra trọng án; 100% mâu thuẫn được hòa giải ở cơ sở; nhân dân cảm thấy an toàn.",
        "Lập tổ tự quản; phân công trực, tuần tra; vận động nhân dân cung cấp thông tin cho công an.",
        "Số vụ việc giảm so với năm trước; số vụ hòa giải thành; biên bản của tổ tự quản.",
    ),
    Field.POLITICAL_SYSTEM: (
        "Ở {p}, ý kiến, kiến nghị của nhân dân có lúc chưa được tiếp nhận, giải quyết kịp thời.",
        "Mọi kiến nghị được trả lời đúng hạn; tỷ lệ người dân hài lòng trên 90%.",
        "Đảng viên, cán bộ phụ trách từng nhóm hộ; đối thoại định kỳ; công khai kết quả giải quyết.",
        "Số kiến nghị tiếp nhận và giải quyết, số cuộc đối thoại, phiếu lấy ý kiến hài lòng.",
    ),
}
SUMMARIES = {
    Field.ECONOMY: "Vận động nhân dân đổi mới sản xuất, liên kết tiêu thụ, nâng thu nhập của các hộ tham gia.",
    Field.CULTURE_SOCIETY: "Giữ gìn bản sắc văn hóa, xây dựng nếp sống văn minh, lan tỏa trong cộng đồng.",
    Field.DEFENCE_SECURITY: "Giữ vững an ninh, trật tự ở khu dân cư, hòa giải kịp thời mâu thuẫn trong nhân dân.",
    Field.POLITICAL_SYSTEM: "Lắng nghe, giải quyết kịp thời ý kiến của nhân dân, xây dựng chính quyền gần dân.",
}
FRIENDLY_NAMES = [
    "Chính quyền thân thiện, vì nhân dân phục vụ tại {c}",
    "Bộ phận một cửa thân thiện, giải quyết thủ tục đúng hẹn",
    "Cán bộ, công chức “4 xin, 4 luôn” với nhân dân",
    "Chủ tịch UBND tiếp dân và đối thoại định kỳ với nhân dân",
]
STATEMENT = "Đáp ứng: {text}. Có số liệu, hình ảnh và văn bản kèm theo hồ sơ."


@dataclass(frozen=True)
class NamedModel:
    """A model the province's report names (seeds/ 003): its round, place and owner, all typical."""

    key: str
    year: int
    level: str
    district: str  # the legacy district's code; the commune is `commune` in it ("" for the province)
    commune: str
    agency: str  # who registered it: the short name of a provincial agency, "BDV" of the district, or "UBND"
    field: str
    owner_kind: str
    collective_kind: str
    owner_name: str
    owner_position: str
    name: str
    address: str
    summary: str


NAMED = [
    NamedModel(
        "na_dau", 2022, RecognitionLevel.PROVINCE, "066", "Xã Trần Phú", "BDV", Field.POLITICAL_SYSTEM,
        OwnerKind.COLLECTIVE, CollectiveKind.PARTY_CELL, "Chi bộ thôn Nà Dâu", "",
        "Khéo trong tuyên truyền chủ trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước và "
        "hương ước, quy ước thôn đến cán bộ, nhân dân để mọi người hiểu, thực hiện tốt và chấp hành nghiêm",
        "thôn Nà Dâu, xã Trần Phú, huyện Na Rì",
        "Chi bộ phân công mỗi đảng viên phụ trách một nhóm hộ, lồng ghép tuyên truyền vào họp thôn bằng tiếng "
        "Tày; cả thôn thực hiện nghiêm hương ước, nhiều năm không có đơn thư vượt cấp.",
    ),
    NamedModel(
        "skhcn", 2023, RecognitionLevel.PROVINCE, "", "", "SKHCN", Field.POLITICAL_SYSTEM,
        OwnerKind.COLLECTIVE, CollectiveKind.AGENCY, "Sở Khoa học và Công nghệ tỉnh Bắc Kạn", "",
        "Khéo hướng dẫn, vận động tổ chức, cá nhân áp dụng dịch vụ công trực tuyến toàn trình trong giải quyết "
        "thủ tục hành chính thuộc thẩm quyền của Sở Khoa học và Công nghệ",
        "Sở Khoa học và Công nghệ tỉnh Bắc Kạn",
        "Cán bộ Sở hướng dẫn tận nơi, qua điện thoại và mạng xã hội; toàn bộ thủ tục của Sở được nộp, giải "
        "quyết và trả kết quả trực tuyến, người dân không phải đi lại.",
    ),
    NamedModel(
        "hoang_van_tam", 2023, RecognitionLevel.DISTRICT, "061", "Xã Đồng Phúc", "UBND", Field.ECONOMY,
        OwnerKind.INDIVIDUAL, "", "Hoàng Văn Tam", "Nông dân thôn Bản Chán, xã Đồng Phúc",
        "Vận động nhân dân tham gia mô hình trồng và chăm sóc cây chè vàng, cây dẻ, cây nhung",
        "thôn Bản Chán, xã Đồng Phúc, huyện Ba Bể",
        "Ông Tam trồng thử rồi hướng dẫn bà con thôn Bản Chán trồng chè vàng, dẻ và cây nhung trên đất đồi, "
        "tặng giống cho hộ nghèo; nhiều hộ trong thôn có thu nhập ổn định từ đồi cây.",
    ),
    NamedModel(
        "then_club", 2024, RecognitionLevel.PROVINCE, "060", "Xã Bộc Bố", "BDV", Field.CULTURE_SOCIETY,
        OwnerKind.COLLECTIVE, CollectiveKind.SCHOOL, "Trường Phổ thông Dân tộc nội trú huyện Pác Nặm", "",
        "Tuyên truyền, vận động cán bộ, giáo viên, nhân viên và học sinh tham gia Câu lạc bộ hát Then, đàn "
        "Tính, hát Sli, Lượn của dân tộc Tày, Nùng gắn với phát triển du lịch cộng đồng địa phương",
        "xã Bộc Bố, huyện Pác Nặm",
        "Câu lạc bộ sinh hoạt hằng tuần, truyền dạy hát Then, đàn Tính, Sli, Lượn cho học sinh và biểu diễn "
        "phục vụ khách du lịch cộng đồng của huyện.",
    ),
]  # fmt: skip
