"""Who writes and who comes: names with their folded search form, and ethnic groups, drawn nationally."""

from __future__ import annotations

import random

from bench.national.days import picker
from petitions.demo.words import FEMALE_MIDDLE, MALE_MIDDLE, MORE_FAMILY, MORE_GIVEN
from petitions.identity import is_confidential
from portal.choices import FOREIGN_ETHNICITY, KINH
from portal.demo import FAMILY, GIVEN
from portal.encryption import encrypt, name_digest
from portal.text import fold

# The most common family names of the country, roughly by their share (a name is drawn by weight).
KINH_FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 3), ("Phan", 4.5), ("Vũ", 2.5),
    ("Võ", 2.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5),
    ("Đinh", 0.8), ("Trương", 0.8), ("Đoàn", 0.6), ("Lâm", 0.5), ("Mai", 0.4), ("Trịnh", 0.5), ("Cao", 0.4),
]  # fmt: skip
MINORITY_FAMILY = [*FAMILY, *MORE_FAMILY, "Giàng", "Sùng", "Vàng", "Thào", "Mùa", "Lầu", "Lò", "Quàng"]
MORE_GIVEN_NAMES = ["Anh", "Bảo", "Châu", "Đạt", "Hiếu", "Hương", "Kiên", "Linh", "Nhung", "Oanh", "Thành", "Tú"]
# Ethnic groups other than Kinh, by their share of the minority population (GSO codes, portal.choices).
MINORITY_GROUPS = [
    ("02", 1.85), ("03", 1.82), ("06", 1.45), ("08", 1.39), ("05", 1.32), ("07", 1.08), ("09", 0.89), ("04", 0.75),
    ("10", 0.51), ("12", 0.4), ("13", 0.29), ("14", 0.21), ("15", 0.2), ("16", 0.2), ("17", 0.18), ("18", 0.18),
    ("19", 0.15), ("21", 0.15), ("20", 0.13), ("23", 0.09), ("26", 0.07), ("29", 0.09), ("25", 0.07), ("24", 0.09),
]  # fmt: skip
RECORDED_ETHNICITY = 0.75  # registers note the group of three people in four
FOREIGNERS = 0.0005


NAME_POOL = 20_000  # names drawn once for each side; people are drawn from the pools


class People:
    """Names (text, folded) and ethnic groups: names come from pools drawn once, so a person costs a few draws."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}-names")
        kinh_family = picker(KINH_FAMILY)
        given = [*GIVEN, *MORE_GIVEN, *MORE_GIVEN_NAMES]

        def name(minority: bool) -> tuple[str, str]:
            family = rng.choice(MINORITY_FAMILY) if minority else kinh_family(rng)
            middle = rng.choice(MALE_MIDDLE if rng.random() < 0.55 else FEMALE_MIDDLE)
            text = f"{family} {middle} {rng.choice(given)}"
            return text, fold(text)

        self.kinh = [name(False) for _ in range(NAME_POOL)]
        self.minority = [name(True) for _ in range(NAME_POOL)]
        self.minority_groups = picker(MINORITY_GROUPS)
        self._tokens: dict[str, str] = {}
        self._digests: dict[str, str] = {}

    def token(self, text: str) -> str:
        """The column as portal.encryption stores it. Memoised, each pooled name or address encrypted once: equal
        tokens for equal text would tell who is who in a real register, not among invented people."""
        token = self._tokens.get(text)
        if token is None:
            token = self._tokens[text] = encrypt(text)
        return token

    def look_ups(self, name: str, folded: str, kind: str) -> tuple[str, str]:
        """(search_name, name_digest) as portal.models.index_identity sets them: no folded name of a denouncer."""
        digest = self._digests.get(name)
        if digest is None:
            digest = self._digests[name] = name_digest(name)
        return ("" if is_confidential(kind) else folded), digest

    def person(self, rng: random.Random, minority_share: float) -> tuple[str, str, str]:
        """(full name, folded name, ethnicity code or "" when not recorded)."""
        r = rng.random
        minority = r() < minority_share
        name, folded = (self.minority if minority else self.kinh)[int(r() * NAME_POOL)]
        draw = r()
        if draw >= RECORDED_ETHNICITY:
            return name, folded, ""
        if draw < FOREIGNERS:
            return name, folded, FOREIGN_ETHNICITY
        return name, folded, self.minority_groups(rng) if minority else KINH
