"""The leader screen's trends over years for petitions and reception: the same part of each of the last years, read
from the year snapshots the board holds (`Panel(years=True)`), no query of their own."""

from __future__ import annotations

PETITION_KEYS = ("received", "must_settle", "settled", "settled_on_time", "resolution_rate", "on_time_rate")
RECEPTION_KEYS = ("sessions", "visits", "citizens", "required_head_days", "counted_head_days", "compliance_rate")


def _rows(board, family: str, keys: tuple[str, ...]) -> list[dict]:
    rows = []
    for period, snapshot in board.years.get(family, []):
        data = snapshot.data if snapshot else {}
        rows.append({"year": period.start.year, "pending": snapshot is None, **{key: data.get(key) for key in keys}})
    return rows


def petition_years(board) -> dict:
    """Petitions by year, with the heads' reception compliance of the same year beside them (the reception
    family's stats panel asks the board for its year snapshots)."""
    reception = {row["year"]: row for row in _rows(board, "reception", RECEPTION_KEYS)}
    rows = _rows(board, "petitions", PETITION_KEYS)
    for row in rows:
        row["reception"] = reception.get(row["year"])
    return {"trend": rows}
