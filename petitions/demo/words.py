"""What the demo petitions say and who writes them: names, places of Bắc Kạn, summaries by kind and field.

Only words and weights live here; `petitions.demo.register` draws from them.
"""

from __future__ import annotations

from petitions.choices import Field, Kind

MORE_FAMILY = ["Bế", "Dương", "La", "Lý", "Đinh", "Vi", "Chu", "Hứa", "Mông", "Bàn"]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu"]
FEMALE_MIDDLE = ["Thị", "Thu", "Hồng", "Ngọc", "Thanh"]
MORE_GIVEN = ["Chiến", "Dũng", "Giang", "Hải", "Hoa", "Khánh", "Liên", "Nguyệt", "Pháo", "Quyết", "Thắm", "Toản"]
VILLAGES = [
    "Nà Làng",
    "Bản Vàn",
    "Cốc Tộc",
    "Nà Phài",
    "Khuổi Tẩu",
    "Pác Ngòi",
    "Bó Lù",
    "Nà Mằm",
    "Phiêng Chì",
    "Khau Ả",
    "Tổng Ngay",
    "Nà Hin",
    "Bản Đồn",
    "Nặm Dất",
]
PROJECTS = [
    "cải tạo, nâng cấp Quốc lộ 279",
    "hồ chứa nước Nặm Cắt",
    "Khu công nghiệp Thanh Bình",
    "đường tránh thành phố Bắc Kạn",
    "cải tạo, nâng cấp Quốc lộ 3B",
    "đường liên xã",
    "trường mầm non trung tâm xã",
]
RIVERS = ["sông Năng", "sông Cầu", "sông Bắc Giang", "sông Chợ Chu"]

# (kind group, field) → summaries; {village}, {project}, {river}, {year}, {n} are filled in.
SUMMARIES: dict[tuple[str, str], list[str]] = {
    ("complaint", Field.LAND_HOUSING): [
        "Khiếu nại Quyết định số {n}/QĐ-UBND thu hồi đất của hộ gia đình tại thôn {village} "
        "để thực hiện dự án {project}",
        "Khiếu nại mức bồi thường, hỗ trợ khi giải phóng mặt bằng dự án {project}",
        "Khiếu nại việc không được bố trí tái định cư khi thu hồi đất ở tại thôn {village}",
        "Khiếu nại việc cấp Giấy chứng nhận quyền sử dụng đất chồng lấn lên thửa đất của gia đình tại thôn {village}",
        "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng nhà ở trên đất nông nghiệp",
    ],
    ("complaint", Field.POLICY): [
        "Khiếu nại việc không được xét hỗ trợ hộ nghèo năm {year}",
        "Khiếu nại việc cắt trợ cấp xã hội hằng tháng đối với người cao tuổi",
        "Khiếu nại việc không được hưởng chế độ người có công với cách mạng",
    ],
    ("complaint", Field.OFFICIALS): [
        "Khiếu nại quyết định kỷ luật khiển trách đối với viên chức trường tiểu học",
        "Khiếu nại kết quả xét tuyển công chức cấp xã năm {year}",
    ],
    ("complaint", Field.OTHER): [
        "Khiếu nại quyết định đình chỉ hoạt động cơ sở chế biến gỗ tại thôn {village}",
    ],
    ("denunciation", Field.OFFICIALS): [
        "Tố cáo cán bộ địa chính xã gây khó khăn, nhũng nhiễu khi làm thủ tục cấp Giấy chứng nhận quyền sử dụng đất",
        "Tố cáo Trưởng thôn {village} tự ý thu tiền đóng góp xây dựng nhà văn hóa",
        "Tố cáo công chức bộ phận một cửa có thái độ hách dịch, chậm trả kết quả hồ sơ",
    ],
    ("denunciation", Field.CORRUPTION): [
        "Tố cáo việc lập hồ sơ khống để nhận tiền hỗ trợ giống cây trồng năm {year}",
        "Tố cáo sai phạm trong nghiệm thu, thanh toán công trình đường giao thông thôn {village}",
        "Tố cáo việc chi sai tiền hỗ trợ nhà ở cho hộ nghèo",
    ],
    ("denunciation", Field.LAND_HOUSING): [
        "Tố cáo hộ gia đình lấn chiếm đất rừng phòng hộ tại thôn {village}, chính quyền xã không xử lý",
        "Tố cáo việc giao đất trái thẩm quyền tại thôn {village}",
    ],
    ("denunciation", Field.OTHER): [
        "Tố cáo hành vi khai thác cát, sỏi trái phép trên {river}",
    ],
    ("recommendation", Field.LAND_HOUSING): [
        "Đề nghị cấp Giấy chứng nhận quyền sử dụng đất cho thửa đất số {n} tại thôn {village}",
        "Tranh chấp ranh giới đất với hộ liền kề tại thôn {village}, đề nghị xã hòa giải",
        "Đề nghị xem xét chuyển mục đích sử dụng đất để làm nhà ở",
        "Đề nghị được hỗ trợ chuyển đổi nghề khi bị thu hồi đất nông nghiệp cho dự án {project}",
    ],
    ("recommendation", Field.POLICY): [
        "Đề nghị xét hỗ trợ nhà ở cho hộ nghèo, hộ có hoàn cảnh khó khăn tại thôn {village}",
        "Đề nghị giải quyết chế độ bảo hiểm y tế cho người dân tộc thiểu số vùng đặc biệt khó khăn",
        "Đề nghị chi trả kịp thời tiền hỗ trợ bảo vệ rừng năm {year}",
        "Đề nghị xem xét công nhận hộ cận nghèo năm {year}",
    ],
    ("recommendation", Field.JUDICIAL): [
        "Đề nghị cơ quan thi hành án dân sự tổ chức thi hành bản án đã có hiệu lực",
    ],
    ("recommendation", Field.PARTY_MASS_ORG): [
        "Kiến nghị về việc thu các khoản đóng góp của chi hội nông dân thôn {village}",
    ],
    ("recommendation", Field.OTHER): [
        "Kiến nghị sửa chữa đường giao thông thôn {village} bị sạt lở sau mưa lũ",
        "Kiến nghị đầu tư công trình nước sinh hoạt tập trung cho thôn {village}",
        "Kiến nghị kéo điện lưới quốc gia về thôn {village}",
    ],
    ("reflection", Field.LAND_HOUSING): [
        "Phản ánh việc san lấp mặt bằng lấn chiếm đất sản xuất tại thôn {village}",
        "Phản ánh việc xây dựng nhà ở không phép trên hành lang an toàn giao thông",
    ],
    ("reflection", Field.POLICY): [
        "Phản ánh việc bình xét hộ nghèo tại thôn {village} chưa công khai, minh bạch",
        "Phản ánh việc chậm chi trả chế độ cho học sinh bán trú",
    ],
    ("reflection", Field.OFFICIALS): [
        "Phản ánh thái độ, tác phong của công chức bộ phận tiếp nhận và trả kết quả",
    ],
    ("reflection", Field.OTHER): [
        "Phản ánh ô nhiễm môi trường do cơ sở chế biến gỗ tại thôn {village}",
        "Phản ánh tình trạng khai thác cát, sỏi trái phép trên {river}",
        "Phản ánh chất lượng công trình nhà văn hóa thôn {village} xuống cấp sau khi bàn giao",
        "Phản ánh xe chở quặng làm hư hỏng đường liên thôn {village}",
    ],
}
DETAILS = [
    "Gia đình đã nhiều lần đề nghị nhưng chưa được trả lời.",
    "Kèm theo đơn có bản sao giấy tờ liên quan.",
    "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết dứt điểm.",
    "Sự việc kéo dài, gây bức xúc trong nhân dân.",
]
FIELD_WEIGHTS = {
    Kind.COMPLAINT: [(Field.LAND_HOUSING, 65), (Field.POLICY, 20), (Field.OFFICIALS, 10), (Field.OTHER, 5)],
    Kind.DENUNCIATION: [(Field.OFFICIALS, 45), (Field.CORRUPTION, 25), (Field.LAND_HOUSING, 20), (Field.OTHER, 10)],
    "other": [
        (Field.LAND_HOUSING, 30),
        (Field.POLICY, 30),
        (Field.OTHER, 30),
        (Field.OFFICIALS, 4),
        (Field.JUDICIAL, 3),
        (Field.PARTY_MASS_ORG, 3),
    ],
}
DEPARTMENT_FOR_FIELD = {Field.LAND_HOUSING: "STNMT", Field.POLICY: "SLĐTBXH", Field.OFFICIALS: "SNV"}
UNQUALIFIED_REASONS = [
    "Đơn không ghi rõ họ tên, địa chỉ, không có chữ ký",
    "Nội dung không rõ ràng, không cụ thể",
    "Đơn đã được giải quyết đúng chính sách, pháp luật, không có tình tiết mới",
]
DUPLICATE_REASON = "Đơn trùng nội dung đã được thụ lý, giải quyết"
ANONYMOUS_REASON = "Đơn nặc danh, không rõ người tố cáo"
