"""Text helpers shared by models, filters and imports."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics so that "bac kan" matches "Bắc Kạn"."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower().strip()
