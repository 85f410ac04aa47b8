"""The record of processing as first written: one row per data category (DOMAIN §7, R2.17, R7.2).

Where DOMAIN marks a fact unverified [U] the text says "cần xác minh" rather than guess an article.
Administrators edit the rows afterwards (privacy.services.processing_record_update); this migration only
creates the rows that are missing, so it never overwrites their edits."""

from django.db import migrations

PDP = (
    "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 (hiệu lực từ 01/01/2026) và Nghị định 356/2025/NĐ-CP "
    "(thay Nghị định 13/2023/NĐ-CP): cơ quan nhà nước xử lý dữ liệu để thực hiện nhiệm vụ theo quy định của luật, "
    "không cần sự đồng ý của chủ thể (điều khoản cụ thể cần xác minh)."
)
RETENTION = (
    "%s năm sau khi vụ việc kết thúc (cấu hình %s); hết hạn thì họ tên được thay bằng “Công dân (đã xóa định "
    "danh)”, số giấy tờ, điện thoại, địa chỉ được xóa, tài liệu quét được hủy. Thời hạn bảo quản hồ sơ theo "
    "pháp luật về lưu trữ cần xác minh."
)

RECORDS = [
    {
        "code": "petitioners",
        "category": "Người khiếu nại, kiến nghị, phản ánh",
        "data_items": "Họ tên, số CCCD/CMND, địa chỉ, điện thoại, dân tộc, quốc tịch; nội dung đơn.",
        "sensitive": False,
        "purpose": "Tiếp nhận, phân loại, xử lý và giải quyết đơn; thông báo kết quả cho người gửi đơn; "
        "thống kê, báo cáo theo biểu mẫu (chỉ số liệu tổng hợp, không có danh tính).",
        "legal_basis": PDP + "\nLuật Khiếu nại số 02/2011/QH13; Luật Tiếp công dân số 42/2013/QH13; "
        "Nghị định 124/2020/NĐ-CP; Thông tư 04/2021/TT-TTCP.",
        "recipients": "Cán bộ tiếp nhận, xử lý đơn và lãnh đạo của đơn vị có thẩm quyền; cơ quan được chuyển đơn; "
        "thanh tra trong phạm vi đơn vị. Quyết định công khai trên cổng đã che thông tin cá nhân.",
        "storage": "Cơ sở dữ liệu của cổng (bảng người gửi đơn), máy chủ của tỉnh; bản sao lưu.",
        "retention": RETENTION % (10, "PRIVACY_RETENTION_YEARS_PETITIONS"),
    },
    {
        "code": "denouncers",
        "category": "Người tố cáo",
        "data_items": "Họ tên, số CCCD/CMND, địa chỉ, điện thoại, bút tích trên đơn và tài liệu; nội dung tố cáo.",
        "sensitive": True,
        "purpose": "Tiếp nhận, xác minh và giải quyết tố cáo; bảo vệ người tố cáo.",
        "legal_basis": PDP
        + "\nDữ liệu về tội phạm, hành vi vi phạm pháp luật là dữ liệu cá nhân nhạy cảm theo Nghị định 356/2025/NĐ-CP."
        "\nLuật Tố cáo số 25/2018/QH14: giữ bí mật họ tên, địa chỉ, bút tích và thông tin cá nhân khác của người tố "
        "cáo (điều 8, 9, 47, 56 — số điều cụ thể cần xác minh).",
        "recipients": "Chỉ người giải quyết tố cáo và cán bộ được giao xử lý; người khác chỉ thấy mã bí danh. "
        "Không tiết lộ cho người bị tố cáo; kết luận gửi đi không ghi danh tính người tố cáo.",
        "storage": "Cơ sở dữ liệu của cổng (bảng người gửi đơn, đánh dấu mật), máy chủ của tỉnh; bản sao lưu.",
        "retention": RETENTION % (10, "PRIVACY_RETENTION_YEARS_DENUNCIATIONS"),
    },
    {
        "code": "reception-visitors",
        "category": "Công dân đến tiếp công dân",
        "data_items": "Họ tên, số CCCD/CMND, địa chỉ, điện thoại, dân tộc của người đến và người đại diện; "
        "nội dung trình bày.",
        "sensitive": False,
        "purpose": "Ghi sổ tiếp công dân, hướng dẫn, chuyển đơn; báo cáo công tác tiếp công dân.",
        "legal_basis": PDP + "\nLuật Tiếp công dân số 42/2013/QH13; Thông tư 04/2021/TT-TTCP.",
        "recipients": "Cán bộ tiếp công dân, lãnh đạo và thanh tra trong phạm vi đơn vị.",
        "storage": "Cơ sở dữ liệu của cổng (sổ tiếp công dân), máy chủ của tỉnh; bản sao lưu.",
        "retention": "Lượt tiếp có đơn: theo thời hạn của vụ việc. Lượt tiếp không có đơn: 5 năm sau ngày tiếp "
        "(cấu hình PRIVACY_RETENTION_YEARS_RECEPTION), sau đó xóa định danh. Thời hạn theo pháp luật về lưu trữ "
        "cần xác minh.",
    },
    {
        "code": "documents",
        "category": "Tài liệu, bản quét đơn tải lên",
        "data_items": "Bản quét đơn, chữ ký, bút tích, giấy tờ tùy thân, tài liệu xác minh, dự thảo văn bản.",
        "sensitive": False,
        "purpose": "Làm căn cứ xử lý, giải quyết đơn.",
        "legal_basis": PDP + "\nTài liệu của đơn tố cáo được bảo mật như danh tính người tố cáo (Luật Tố cáo "
        "số 25/2018/QH14, điều khoản cần xác minh).",
        "recipients": "Như dữ liệu của vụ việc mà tài liệu thuộc về; tài liệu mật chỉ người được xem danh tính.",
        "storage": "Thư mục tệp của cổng (MEDIA_ROOT) trên máy chủ của tỉnh; bản sao lưu.",
        "retention": "Hủy cùng lúc xóa định danh vụ việc: bản quét mang bút tích, chữ ký không thể che từng phần.",
    },
    {
        "code": "subject-requests",
        "category": "Yêu cầu của chủ thể dữ liệu",
        "data_items": "Họ tên người yêu cầu, một cách liên hệ để trả lời, nội dung và kết quả yêu cầu.",
        "sensitive": False,
        "purpose": "Tiếp nhận, theo dõi hạn và trả lời yêu cầu thực hiện quyền của chủ thể dữ liệu.",
        "legal_basis": PDP + "\nQuyền của chủ thể dữ liệu theo Luật 91/2025/QH15 (điều khoản cần xác minh); "
        "thời hạn trả lời theo luật cần xác minh (cổng dùng cấu hình PRIVACY_REQUEST_DAYS).",
        "recipients": "Cán bộ tiếp nhận, xử lý và quản trị của đơn vị; thanh tra trong phạm vi đơn vị.",
        "storage": "Cơ sở dữ liệu của cổng, máy chủ của tỉnh; bản sao lưu.",
        "retention": "Cần xác minh; hiện giữ đến khi quản trị viên quyết định.",
    },
    {
        "code": "officials",
        "category": "Tài khoản cán bộ",
        "data_items": "Họ tên, tên đăng nhập, thư điện tử, điện thoại, chức vụ, cơ quan, vai trò, lần đăng nhập.",
        "sensitive": False,
        "purpose": "Xác thực, phân quyền theo vai trò và đơn vị; ghi người thực hiện thao tác.",
        "legal_basis": PDP + " Căn cứ cụ thể đối với dữ liệu của cán bộ, công chức cần xác minh.",
        "recipients": "Quản trị viên; cán bộ cùng phạm vi đơn vị thấy họ tên, chức vụ, cơ quan.",
        "storage": "Cơ sở dữ liệu của cổng, máy chủ của tỉnh; bản sao lưu.",
        "retention": "Trong thời gian công tác; tài khoản nghỉ việc được khóa, không xóa để giữ nhật ký. "
        "Thời hạn cụ thể cần xác minh.",
    },
    {
        "code": "audit-trail",
        "category": "Nhật ký thao tác",
        "data_items": "Người thực hiện, thời điểm, hành động, đối tượng, đơn vị; không ghi từ khóa tìm kiếm "
        "có thể là danh tính công dân.",
        "sensitive": False,
        "purpose": "Trả lời “ai đã thay đổi gì, khi nào”; thanh tra, giám sát việc xem danh tính người tố cáo.",
        "legal_basis": PDP + " Căn cứ cụ thể về lưu nhật ký hệ thống cần xác minh.",
        "recipients": "Thanh tra và quản trị viên trong phạm vi đơn vị.",
        "storage": "Cơ sở dữ liệu của cổng, máy chủ của tỉnh; bản sao lưu.",
        "retention": "Cần xác minh; hiện giữ không thời hạn.",
    },
]


def seed(apps, schema_editor):
    record_model = apps.get_model("privacy", "ProcessingRecord")
    for order, values in enumerate(RECORDS):
        record_model.objects.get_or_create(code=values["code"], defaults={**values, "order": order})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
