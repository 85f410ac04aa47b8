"""What an import did (ImportReport), and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

from portal.import_jobs import ImportReport as BaseImportReport
from portal.sheets import ImportFileError

__all__ = ["ImportFileError", "ImportReport"]


@dataclass
class ImportReport(BaseImportReport):
    """What an import did: petitions created, rows skipped as already present, or every bad row; and the
    cases the new petitions opened."""

    cases_created: int = 0

    def as_json(self) -> dict:
        return {**super().as_json(), "cases_created": self.cases_created}

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        base = BaseImportReport.from_json(data)
        return cls(**vars(base), cases_created=data.get("cases_created", 0))
