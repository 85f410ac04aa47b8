"""What an import did: rows written, rows already recorded as they are, or every bad row."""

from portal.import_jobs import ImportReport

__all__ = ["ImportReport"]
