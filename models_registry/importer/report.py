"""What a bulk registration did: models created, rows skipped as already registered, or every bad row."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Errors are (spreadsheet row, column header, message); row 0 stands for the file as a whole."""

    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        """What the import job keeps and its page shows."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "created": self.created,
            "unchanged": self.unchanged,
            "errors": [list(error) for error in self.errors],
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        return cls(
            created=data.get("created", 0),
            unchanged=data.get("unchanged", 0),
            errors=[tuple(error) for error in data.get("errors", [])],
            dry_run=data.get("dry_run", False),
        )
