"""What a bulk registration did: models created, rows skipped as already registered, or every bad row."""

from portal.import_jobs import ImportReport

__all__ = ["ImportReport"]
