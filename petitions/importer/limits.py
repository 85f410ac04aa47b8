"""How big a register file may be: the limits every import shares, kept in `portal.sheets`.

The upload page and docs/import-petitions.md state these numbers.
"""

from portal.sheets import (
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_ERRORS,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    MAX_UPLOAD_BYTES,
    MB,
    PROGRESS_EVERY,
    RATIO_CHECKED_FROM,
    grouped,
    import_limits,
)

__all__ = [
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_ERRORS",
    "MAX_ROWS",
    "MAX_SHARED_STRINGS_BYTES",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MB",
    "PROGRESS_EVERY",
    "RATIO_CHECKED_FROM",
    "grouped",
    "import_limits",
]
