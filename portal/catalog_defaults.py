"""Default entries of the shared catalogs; loaded by a data migration, then maintained in the admin."""

DEFAULTS: dict[str, list[tuple[str, str, str | None]]] = {
    # (code, label, parent code)
    "verification_step": [
        ("work-petitioner", "Làm việc với người khiếu nại, tố cáo", None),
        ("work-respondent", "Làm việc với người bị khiếu nại, bị tố cáo", None),
        ("collect-documents", "Thu thập tài liệu, chứng cứ", None),
        ("site-inspection", "Xác minh thực địa", None),
        ("expert-opinion", "Trưng cầu giám định, lấy ý kiến chuyên môn", None),
        ("dialogue", "Tổ chức đối thoại", None),
        ("report", "Báo cáo kết quả xác minh", None),
    ],
    "petition_source": [
        ("reception", "Qua tiếp công dân", None),
        ("mail", "Qua bưu chính, nộp trực tiếp", None),
        ("online", "Trực tuyến", None),
        ("transfer", "Cơ quan khác chuyển đến", None),
        ("elected-body", "Đại biểu dân cử, HĐND chuyển đến", None),
        ("press", "Báo chí chuyển đến", None),
    ],
    "content_field": [
        ("administrative", "Hành chính", None),
        ("policy", "Chế độ, chính sách", "administrative"),
        ("land_housing", "Đất đai, nhà cửa", "administrative"),
        ("officials", "Công chức, công vụ", "administrative"),
        ("administrative-other", "Lĩnh vực hành chính khác", "administrative"),
        ("corruption", "Tham nhũng", None),
        ("judicial", "Tư pháp", None),
        ("party_mass_org", "Đảng, đoàn thể", None),
        ("other", "Khác", None),
        ("compensation", "Bồi thường, hỗ trợ, tái định cư", "land_housing"),
        ("land-certificate", "Cấp giấy chứng nhận quyền sử dụng đất", "land_housing"),
        ("land-dispute", "Tranh chấp đất đai", "land_housing"),
        ("people-with-merit", "Chế độ người có công", "policy"),
        ("social-support", "Trợ cấp, bảo trợ xã hội", "policy"),
    ],
    "document_type": [
        ("petition_scan", "Bản chụp đơn", None),
        ("evidence", "Tài liệu, chứng cứ", None),
        ("notice", "Thông báo", None),
        ("decision", "Quyết định, kết luận", None),
        ("minutes", "Biên bản", None),
        ("other", "Khác", None),
    ],
    "result_type": [
        ("right", "Khiếu nại đúng", None),
        ("partly_right", "Khiếu nại đúng một phần", None),
        ("wrong", "Khiếu nại sai", None),
        ("withdrawn", "Rút đơn sau giải thích, thuyết phục", None),
        ("upheld", "Công nhận quyết định lần đầu", None),
        ("annulled", "Hủy, sửa quyết định lần đầu", None),
    ],
    "refusal_ground": [
        ("incapacitated", "Say rượu, tâm thần hoặc mất khả năng nhận thức, điều khiển hành vi", None),
        ("disruptive", "Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân", None),
        ("settled_repeat", "Vụ việc đã giải quyết đúng pháp luật nhưng vẫn cố tình khiếu nại kéo dài", None),
        ("other_law", "Trường hợp khác theo quy định của pháp luật", None),
    ],
}


def load_default_catalogs(entry_model) -> int:
    """Insert missing default entries (by catalog and code); edited entries are left as they are."""
    created = 0
    for catalog, entries in DEFAULTS.items():
        for order, (code, label, parent_code) in enumerate(entries, start=1):
            parent = entry_model.objects.filter(catalog=catalog, code=parent_code).first() if parent_code else None
            _obj, was_created = entry_model.objects.get_or_create(
                catalog=catalog, code=code, defaults={"label": label, "order": order, "parent": parent}
            )
            created += was_created
    return created
