"""What an import did (ImportReport), and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


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


class ImportFileError(Exception):
    """The file cannot be read at all (wrong type, not UTF-8, damaged workbook)."""
