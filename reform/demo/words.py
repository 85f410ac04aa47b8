"""The words of the demo plans: task titles by area (combined with each lead agency's fields), products,
progress notes and reasons, as Vietnamese plans and reports write them."""

from __future__ import annotations

import random

# Per area, titles as plans word them; "{field}" takes a field of the lead agency, "{year}" the plan's year.
TITLES: dict[str, list[str]] = {
    "institutions": [
        "Xây dựng, ban hành văn bản quy phạm pháp luật theo chương trình năm {year}",
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật {field}",
        "Kiểm tra, xử lý văn bản quy phạm pháp luật theo thẩm quyền {field}",
        "Theo dõi tình hình thi hành pháp luật {field}",
        "Phổ biến, giáo dục pháp luật cho cán bộ, công chức và nhân dân {field}",
        "Đánh giá tác động chính sách khi lập đề nghị xây dựng nghị quyết của Hội đồng nhân dân",
        "Lấy ý kiến người dân, doanh nghiệp đối với dự thảo văn bản quy phạm pháp luật {field}",
        "Công bố danh mục văn bản quy phạm pháp luật hết hiệu lực, ngưng hiệu lực",
        "Rà soát văn bản để thực hiện phân cấp, phân quyền {field}",
        "Nâng cao chất lượng hoạt động hòa giải ở cơ sở",
        "Triển khai Đề án tăng cường năng lực tiếp cận pháp luật của người dân",
        "Tổ chức thi hành Luật Đất đai năm 2024 và các văn bản hướng dẫn",
        "Ban hành văn bản quy định chi tiết các nội dung được luật giao {field}",
        "Rà soát, sửa đổi quy chế làm việc của cơ quan, đơn vị",
        "Kiểm tra công tác xây dựng, ban hành văn bản tại Ủy ban nhân dân cấp huyện, cấp xã",
        "Cập nhật văn bản quy phạm pháp luật lên Cơ sở dữ liệu quốc gia về pháp luật",
        "Xây dựng chính sách hỗ trợ doanh nghiệp nhỏ và vừa trên địa bàn",
        "Tổ chức Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam năm {year}",
        "Xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật",
        "Rà soát thủ tục hành chính trong dự thảo văn bản quy phạm pháp luật {field}",
        "Hoàn thiện quy chế phối hợp giữa các cơ quan {field}",
        "Tổ chức hội nghị đối thoại chính sách, pháp luật với doanh nghiệp",
    ],
    "procedures": [
        "Rà soát, đơn giản hóa thủ tục hành chính {field}",
        "Công bố, công khai danh mục thủ tục hành chính {field}",
        "Triển khai số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Tái cấu trúc quy trình, cung cấp dịch vụ công trực tuyến toàn trình {field}",
        "Thực hiện liên thông thủ tục hành chính đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế "
        "cho trẻ em dưới 6 tuổi",
        "Giải quyết hồ sơ đúng hẹn, thực hiện xin lỗi người dân khi hồ sơ trễ hẹn {field}",
        "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
        "Thực hiện thanh toán trực tuyến phí, lệ phí {field} trên Cổng Dịch vụ công quốc gia",
        "Đánh giá chất lượng phục vụ người dân, doanh nghiệp trong giải quyết thủ tục hành chính",
        "Triển khai các nhiệm vụ của Đề án 06 về ứng dụng dữ liệu dân cư, định danh và xác thực điện tử",
        "Tiếp nhận, trả kết quả thủ tục hành chính không phụ thuộc địa giới hành chính {field}",
        "Kiểm tra công tác kiểm soát thủ tục hành chính {field}",
        "Chuẩn hóa quy trình nội bộ giải quyết thủ tục hành chính {field}",
        "Kiện toàn đội ngũ cán bộ đầu mối kiểm soát thủ tục hành chính",
        "Cắt giảm thời gian giải quyết thủ tục hành chính {field}",
        "Cắt giảm, đơn giản hóa quy định liên quan đến hoạt động kinh doanh {field}",
        "Niêm yết, công khai thủ tục hành chính tại Bộ phận một cửa",
        "Thực hiện quy trình điện tử đối với thủ tục hành chính {field}",
        "Tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích",
        "Tái sử dụng dữ liệu đã số hóa trong giải quyết thủ tục hành chính {field}",
        "Rà soát, đề xuất phương án phân cấp thẩm quyền giải quyết thủ tục hành chính {field}",
        "Theo dõi, đôn đốc giải quyết hồ sơ quá hạn trên Hệ thống thông tin giải quyết thủ tục hành chính",
    ],
    "organisation": [
        "Rà soát, sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc Ủy ban nhân dân",
        "Thực hiện sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023-2025",
        "Xây dựng, hoàn thiện vị trí việc làm trong các cơ quan, tổ chức hành chính",
        "Thực hiện tinh giản biên chế theo Nghị định số 29/2023/NĐ-CP",
        "Sắp xếp, tổ chức lại các đơn vị sự nghiệp công lập {field}",
        "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của cơ quan chuyên môn",
        "Rà soát, kiện toàn các ban chỉ đạo, hội đồng, tổ công tác liên ngành",
        "Kiểm tra việc thực hiện phân cấp quản lý nhà nước {field}",
        "Giao biên chế công chức, số lượng người làm việc năm {year}",
        "Sắp xếp thôn, tổ dân phố gắn với bố trí người hoạt động không chuyên trách",
        "Xây dựng đề án vị trí việc làm của đơn vị sự nghiệp công lập {field}",
        "Đánh giá mô hình tổ chức, hoạt động của Trung tâm Phục vụ hành chính công",
        "Ban hành kế hoạch cải cách hành chính năm {year} và tổ chức triển khai",
        "Tuyên truyền về cải cách hành chính trên các phương tiện thông tin đại chúng",
        "Xác định Chỉ số cải cách hành chính của các sở, ban, ngành và Ủy ban nhân dân cấp huyện",
        "Tổ chức kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
        "Triển khai các giải pháp nâng cao Chỉ số PAR Index, SIPAS, PAPI",
        "Tổ chức hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm {year}",
        "Kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính {field}",
        "Rà soát quy chế tổ chức và hoạt động của các đơn vị sự nghiệp công lập",
        "Báo cáo kết quả thực hiện cải cách hành chính định kỳ quý, 6 tháng, năm",
    ],
    "civil_service": [
        "Tuyển dụng công chức, viên chức theo vị trí việc làm năm {year}",
        "Đào tạo, bồi dưỡng cán bộ, công chức, viên chức theo kế hoạch năm {year}",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm {year}",
        "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính {field}",
        "Tổ chức thi nâng ngạch công chức, thăng hạng chức danh nghề nghiệp viên chức",
        "Thực hiện chính sách thu hút, trọng dụng người có tài năng",
        "Cập nhật Cơ sở dữ liệu quốc gia về cán bộ, công chức, viên chức",
        "Bồi dưỡng kỹ năng giao tiếp, văn hóa công vụ cho công chức Bộ phận một cửa",
        "Thực hiện chuyển đổi vị trí công tác để phòng ngừa tham nhũng {field}",
        "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý",
        "Triển khai cơ chế khuyến khích, bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung",
        "Thực hiện chế độ, chính sách đối với cán bộ, công chức dôi dư sau sắp xếp",
        "Bồi dưỡng chuyên môn, nghiệp vụ {field}",
        "Bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức",
        "Thực hiện quy định về văn hóa công sở tại cơ quan, đơn vị",
        "Kiểm tra việc tuyển dụng, sử dụng, quản lý công chức, viên chức {field}",
        "Tổ chức lấy ý kiến người dân về thái độ phục vụ của cán bộ, công chức",
        "Thực hiện tuyển dụng công chức cấp xã năm {year}",
        "Xử lý trách nhiệm cán bộ, công chức vi phạm kỷ luật, kỷ cương hành chính",
        "Đào tạo, bồi dưỡng cán bộ, công chức cấp xã {field}",
        "Rà soát, bố trí công chức theo vị trí việc làm đã được phê duyệt",
    ],
    "public_finance": [
        "Giao quyền tự chủ tài chính cho đơn vị sự nghiệp công lập giai đoạn 2023-2025",
        "Thực hiện cơ chế tự chủ về biên chế và kinh phí quản lý hành chính",
        "Thực hiện công khai dự toán, quyết toán ngân sách theo quy định",
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công năm {year}",
        "Rà soát, sắp xếp lại, xử lý nhà, đất thuộc sở hữu nhà nước {field}",
        "Thực hành tiết kiệm, chống lãng phí năm {year}",
        "Ban hành định mức kinh tế - kỹ thuật dịch vụ sự nghiệp công sử dụng ngân sách nhà nước {field}",
        "Chuyển đơn vị sự nghiệp công lập đủ điều kiện sang tự bảo đảm chi thường xuyên",
        "Quản lý, sử dụng tài sản công tại cơ quan, đơn vị",
        "Thanh toán không dùng tiền mặt tại các đơn vị sự nghiệp công lập",
        "Kiểm tra việc quản lý, sử dụng kinh phí thực hiện cải cách hành chính",
        "Rà soát giá dịch vụ sự nghiệp công theo lộ trình tính đủ chi phí {field}",
        "Xây dựng quy chế chi tiêu nội bộ, quy chế quản lý tài sản công",
        "Thực hiện đặt hàng, giao nhiệm vụ cung cấp dịch vụ sự nghiệp công {field}",
        "Công khai kết quả thực hiện kiến nghị của Kiểm toán nhà nước",
        "Quản lý, sử dụng hiệu quả nguồn vốn các chương trình mục tiêu quốc gia {field}",
        "Rà soát, thu hồi các khoản tạm ứng vốn đầu tư công quá hạn",
        "Thực hiện cơ chế tài chính đối với hoạt động dịch vụ công trực tuyến",
        "Triển khai hóa đơn điện tử trong các đơn vị sự nghiệp công lập",
        "Tổ chức kiểm tra công tác quản lý tài chính, ngân sách tại các đơn vị trực thuộc",
    ],
    "digital_government": [
        "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính {field}",
        "Kết nối, chia sẻ dữ liệu với Cơ sở dữ liệu quốc gia về dân cư",
        "Vận hành Hệ thống quản lý văn bản và điều hành liên thông bốn cấp",
        "Sử dụng chữ ký số trong xử lý văn bản điện tử tại cơ quan, đơn vị",
        "Xây dựng kho dữ liệu dùng chung của tỉnh",
        "Vận hành Trung tâm giám sát, điều hành thông minh (IOC)",
        "Bảo đảm an toàn thông tin theo cấp độ cho các hệ thống thông tin {field}",
        "Phổ cập kỹ năng số cho người dân qua tổ công nghệ số cộng đồng",
        "Triển khai hệ thống họp trực tuyến đến cấp xã",
        "Số hóa, xây dựng cơ sở dữ liệu {field}",
        "Kết nối Hệ thống thông tin báo cáo của tỉnh với Hệ thống thông tin báo cáo Chính phủ",
        "Duy trì, cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015",
        "Cập nhật, vận hành Cổng thông tin điện tử {field}",
        "Đánh giá, xếp hạng mức độ chuyển đổi số của các sở, ngành, địa phương",
        "Triển khai ứng dụng trí tuệ nhân tạo hỗ trợ trả lời người dân trên Cổng Dịch vụ công",
        "Cung cấp dữ liệu mở {field}",
        "Xây dựng cơ sở dữ liệu chuyên ngành {field} kết nối với kho dữ liệu dùng chung",
        "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
        "Thực hiện lưu trữ hồ sơ điện tử {field}",
        "Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
        "Rà soát, nâng cấp hạ tầng kỹ thuật công nghệ thông tin tại cơ quan, đơn vị",
    ],
}

# The fields each kind of lead agency works in (its short name), completing a title's "{field}".
FIELDS: dict[str, list[str]] = {
    "STP": [
        "lĩnh vực hộ tịch",
        "lĩnh vực chứng thực",
        "lĩnh vực lý lịch tư pháp",
        "lĩnh vực công chứng",
        "lĩnh vực trợ giúp pháp lý",
        "lĩnh vực nuôi con nuôi",
        "lĩnh vực bồi thường nhà nước",
    ],
    "STNMT": [
        "lĩnh vực đất đai",
        "lĩnh vực môi trường",
        "lĩnh vực tài nguyên nước",
        "lĩnh vực khoáng sản",
        "lĩnh vực đo đạc và bản đồ",
        "lĩnh vực khí tượng thủy văn",
    ],
    "SLĐTBXH": [
        "lĩnh vực việc làm",
        "lĩnh vực người có công",
        "lĩnh vực bảo trợ xã hội",
        "lĩnh vực giáo dục nghề nghiệp",
        "lĩnh vực an toàn, vệ sinh lao động",
        "lĩnh vực trẻ em",
    ],
    "SNV": [
        "lĩnh vực tổ chức bộ máy",
        "lĩnh vực công chức, viên chức",
        "lĩnh vực thi đua, khen thưởng",
        "lĩnh vực tín ngưỡng, tôn giáo",
        "lĩnh vực văn thư, lưu trữ",
        "lĩnh vực chính quyền địa phương",
    ],
    "BDV": ["công tác dân vận chính quyền", "lĩnh vực dân vận"],
    "UBND": [
        "lĩnh vực đầu tư",
        "lĩnh vực xây dựng",
        "lĩnh vực đất đai",
        "lĩnh vực hộ tịch",
        "lĩnh vực kinh tế hợp tác",
        "lĩnh vực giao thông vận tải",
        "lĩnh vực y tế",
        "lĩnh vực giáo dục và đào tạo",
    ],
    "PNV": ["lĩnh vực nội vụ", "lĩnh vực thi đua, khen thưởng", "lĩnh vực tín ngưỡng, tôn giáo"],
    "TTr": ["lĩnh vực tiếp công dân", "lĩnh vực giải quyết khiếu nại, tố cáo", "lĩnh vực phòng, chống tham nhũng"],
}

# A commune's tasks (its People's Committee leads them), "{place}" naming the commune in a sentence.
COMMUNE_TITLES: list[tuple[str, str]] = [
    ("procedures", "Niêm yết, công khai đầy đủ thủ tục hành chính tại Bộ phận một cửa {place}"),
    ("procedures", "Hướng dẫn người dân {place} nộp hồ sơ trực tuyến, thanh toán phí, lệ phí trực tuyến"),
    ("digital_government", "Số hóa sổ hộ tịch lưu tại {place} từ năm 1999 đến nay"),
    ("organisation", "Kiện toàn tổ chức, bố trí công chức chuyên môn {place}"),
    ("civil_service", "Bồi dưỡng nghiệp vụ cho công chức tiếp nhận hồ sơ tại Bộ phận một cửa {place}"),
    ("institutions", "Rà soát quy chế làm việc của Ủy ban nhân dân {place}"),
    ("digital_government", "Thành lập, duy trì tổ công nghệ số cộng đồng ở các thôn {place}"),
    ("public_finance", "Công khai dự toán, quyết toán ngân sách {place} năm {year}"),
    ("procedures", "Giải quyết đúng hẹn hồ sơ đất đai, hộ tịch, chứng thực tại {place}"),
    ("civil_service", "Kiểm tra việc chấp hành giờ giấc, văn hóa công sở của cán bộ, công chức {place}"),
    ("digital_government", "Sử dụng chữ ký số cho lãnh đạo và công chức {place} trong xử lý văn bản"),
    ("organisation", "Sắp xếp thôn, bố trí người hoạt động không chuyên trách {place}"),
    ("institutions", "Tuyên truyền, phổ biến pháp luật cho đồng bào dân tộc thiểu số {place}"),
    ("procedures", "Tổ chức đối thoại với người dân {place} về giải quyết thủ tục hành chính"),
    ("public_finance", "Quản lý, sử dụng kinh phí xây dựng nông thôn mới {place} đúng quy định"),
    ("organisation", "Xây dựng {place} đạt chuẩn tiếp cận pháp luật năm {year}"),
]

# A breakdown of a task into sub-tasks, as plans list them under a task.
SUBTASK_PARTS = [
    "Xây dựng kế hoạch, hướng dẫn triển khai",
    "Tổ chức thực hiện tại các sở, ban, ngành",
    "Tổ chức thực hiện tại Ủy ban nhân dân các huyện, thành phố",
    "Sơ kết, đánh giá và báo cáo kết quả",
]

OUTPUTS = {
    "institutions": ["Nghị quyết, quyết định được ban hành", "Báo cáo kết quả rà soát", "Kế hoạch, báo cáo"],
    "procedures": [
        "Quyết định công bố danh mục thủ tục hành chính",
        "Báo cáo kết quả rà soát, đơn giản hóa",
        "Quy trình nội bộ được phê duyệt",
    ],
    "organisation": ["Quyết định phê duyệt", "Đề án được phê duyệt", "Báo cáo kết quả thực hiện"],
    "civil_service": ["Kế hoạch và báo cáo kết quả", "Quyết định phê duyệt kết quả", "Báo cáo kết quả kiểm tra"],
    "public_finance": ["Quyết định giao tự chủ", "Báo cáo kết quả thực hiện", "Quy chế được ban hành"],
    "digital_government": [
        "Hệ thống được đưa vào vận hành",
        "Báo cáo kết quả triển khai",
        "Cơ sở dữ liệu được cập nhật",
    ],
}

PROGRESS_NOTES = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các cơ quan, đơn vị liên quan.",
    "Đã hoàn thành rà soát, đang tổng hợp báo cáo.",
    "Đang triển khai theo kế hoạch; đã hoàn thành một phần khối lượng công việc.",
    "Đã ban hành văn bản hướng dẫn; các đơn vị đang tổ chức thực hiện.",
    "Đang chờ ý kiến thẩm định của cơ quan chuyên môn.",
    "Đã trình cấp có thẩm quyền xem xét, cho ý kiến.",
    "Đang phối hợp với đơn vị cung cấp phần mềm hoàn thiện chức năng.",
]

COMPLETION_NOTES = [
    "Đã hoàn thành, có báo cáo kết quả gửi Sở Nội vụ tổng hợp.",
    "Sản phẩm đã được cấp có thẩm quyền ban hành.",
    "Đã triển khai đầy đủ nội dung theo kế hoạch.",
    "",
]

EXTENSION_REASONS = [
    "Chờ hướng dẫn của bộ, ngành Trung ương để thống nhất thực hiện.",
    "Khối lượng hồ sơ cần số hóa lớn, nhà thầu chậm bàn giao phần mềm.",
    "Phải điều chỉnh nội dung theo quy định mới về sắp xếp đơn vị hành chính.",
]

CANCEL_REASONS = [
    "Nhiệm vụ không còn phù hợp sau khi sắp xếp tổ chức bộ máy.",
    "Trung ương đã ban hành quy định thay thế, không cần ban hành văn bản của địa phương.",
    "Gộp vào nhiệm vụ khác của kế hoạch.",
]


def title_for(area: str, lead_short: str, year: int, rng: random.Random) -> str:
    """A title of the area, with a field of the lead agency where the title names one."""
    template = rng.choice(TITLES[area])
    fields = FIELDS.get(lead_short) or FIELDS["UBND"]
    return template.format(field=rng.choice(fields), year=year)
