"""What an import did (ImportReport), and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.sheets import ImportFileError

__all__ = ["ImportFileError", "ImportReport"]


@dataclass
class ImportReport:
    """What an import did: petitions created, rows skipped as already present, or every bad row."""

    created: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    cases_created: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self) -> list[str]:
        """Every error as a sentence; row 0 stands for the file as a whole."""
        lines = []
        for row, column, message in self.errors:
            if row and column:
                lines.append(
                    _("Dòng %(row)s, cột %(column)s: %(message)s") % {"row": row, "column": column, "message": message}
                )
            elif row:
                lines.append(_("Dòng %(row)s: %(message)s") % {"row": row, "message": message})
            else:
                lines.append(message)
        return lines

    def as_json(self) -> dict:
        """What the import job stores and its status page shows."""
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "created": self.created,
            "unchanged": self.unchanged,
            "cases_created": self.cases_created,
            "errors": [list(error) for error in self.errors],
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        return cls(
            created=data.get("created", 0),
            unchanged=data.get("unchanged", 0),
            errors=[tuple(error) for error in data.get("errors", [])],
            cases_created=data.get("cases_created", 0),
            dry_run=data.get("dry_run", False),
        )
