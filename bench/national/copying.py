"""Streaming rows into PostgreSQL with COPY, and what goes around a big load (indexes, keys, sequences, statistics).

The generators append rows (tuples of Python values: ints, strings, dates, booleans, None) to per-table buffers.
Every few thousand records the buffers are formatted in PostgreSQL's binary COPY format (psycopg's formatter, in
C) and handed on as bytes, so that generating (Python) and loading (the PostgreSQL backend) run on both cores at
once, with at most a few blocks waiting in memory. Binary COPY spares the server parsing text: measured here,
100,000 petitions load in 5.3 s instead of 8.9 s. A jsonb column is sent its binary form (version 1, then the
JSON text) as bytes.

Two loaders hand the blocks on:
- `ProcessLoader`, for a bulk load: a child process with its own connection truncates the tables, drops their
  secondary indexes and keys, COPYs every block FREEZE in one transaction and commits. Sending from another
  process matters: a sending thread in this process has to win the interpreter lock back for every chunk it
  writes; measured here, the generators then made 6,400 petitions a second, against 15,000–17,000 with the
  sending process.
- `ThreadLoader`, within the caller's transaction (the tests'): a thread COPYs over the caller's connection.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from psycopg.copy import Copy, Writer

JSONB, BYTEA = 3802, 17  # type oids: a jsonb column is sent the bytes of its binary form, with bytea's dumper


def esc(text: str) -> str:
    """A value as COPY's text format needs it (backslash, tab and line breaks escaped), for the small text COPYs."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def opt(value) -> str:
    """The text COPY value of a number or None."""
    return "\\N" if value is None else str(value)


@dataclass
class TableStats:
    rows: int = 0
    copy_seconds: float = 0.0
    index_seconds: float = 0.0


@dataclass
class _Buffer:
    table: str
    columns: tuple[str, ...]
    rows: list[tuple] = field(default_factory=list)


class _Collected(Writer):
    """A COPY writer that keeps the formatted bytes instead of sending them."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> None:
        self.parts.append(bytes(data))


class Loader:
    """The buffers and their formatting; subclasses send the formatted blocks."""

    def __init__(self, connection, tables: Iterable[str], *, block_records: int) -> None:
        self.block_records = block_records
        self.buffers: dict[str, _Buffer] = {}
        self.stats: dict[str, TableStats] = {}
        self.pending = 0
        self._formatting = connection.cursor()  # for the adapters only: a Copy with a writer does no I/O
        self._types: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    "SELECT attname, atttypid::int FROM pg_attribute "
                    "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                    [table],
                )
                self._types[table] = {name: BYTEA if oid == JSONB else oid for name, oid in cursor.fetchall()}

    def table(self, name: str, columns: Iterable[str]) -> list[tuple]:
        """The list to append `name`'s rows to, each a tuple of values in the order of `columns`."""
        if name not in self.buffers:
            self.buffers[name] = _Buffer(name, tuple(columns))
            self.stats.setdefault(name, TableStats())
        return self.buffers[name].rows

    def tick(self, records: int = 1) -> None:
        """Count generated records; every `block_records` of them the buffers are formatted and sent."""
        self.pending += records
        if self.pending >= self.block_records:
            self.flush()

    def flush(self) -> None:
        blocks = []
        for buffer in self.buffers.values():
            if buffer.rows:
                self.stats[buffer.table].rows += len(buffer.rows)
                names = ", ".join(f'"{c}"' for c in buffer.columns)
                blocks.append((buffer.table, names, self._format(buffer)))
                buffer.rows.clear()  # the generators keep appending to the same list object
        self.pending = 0
        if blocks:
            self._send(blocks)

    def _format(self, buffer: _Buffer) -> bytes:
        collected = _Collected()
        types = self._types[buffer.table]
        with Copy(self._formatting, binary=True, writer=collected) as copy:
            copy.set_types([types[c] for c in buffer.columns])
            write = copy.write_row
            for row in buffer.rows:
                write(row)
        return b"".join(collected.parts)

    def _send(self, blocks: list[tuple[str, str, bytes]]) -> None:
        raise NotImplementedError

    def close(self) -> dict[str, TableStats]:
        raise NotImplementedError

    def abandon(self) -> None:
        """Stop loading after an error in the generators."""
        self.buffers.clear()
        self._formatting.close()


def _copy_blocks(cursor, blocks, options: str, seconds: dict[str, float]) -> None:
    for table, names, data in blocks:
        began = time.perf_counter()
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN WITH ({options})') as copy:
            copy.write(data)
        seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - began


class ThreadLoader(Loader):
    """Loads within the caller's transaction: a thread COPYs the blocks over the caller's connection."""

    def __init__(self, connection, tables: Iterable[str], *, block_records: int = 4000) -> None:
        super().__init__(connection, tables, block_records=block_records)
        self.connection = connection
        self._queue: queue.Queue = queue.Queue(maxsize=3)
        self._error: BaseException | None = None
        self._seconds: dict[str, float] = {}
        self._thread = threading.Thread(target=self._run, name="copy", daemon=True)
        self._thread.start()

    def _send(self, blocks) -> None:
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._queue.put(blocks, timeout=1)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        try:
            with self.connection.cursor() as cursor:
                while (blocks := self._queue.get()) is not None:
                    _copy_blocks(cursor, blocks, "FORMAT BINARY", self._seconds)
        except BaseException as error:  # handed to the generating thread, which raises it
            self._error = error
            while self._queue.get() is not None:  # let the producer finish putting
                pass

    def close(self) -> dict[str, TableStats]:
        self.flush()
        self._send(None)
        self._thread.join()
        self._formatting.close()
        if self._error is not None:
            raise self._error
        for table, seconds in self._seconds.items():
            self.stats[table].copy_seconds = seconds
        return self.stats

    def abandon(self) -> None:
        super().abandon()
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._thread.join(timeout=60)


class ProcessLoader(Loader):
    """A bulk load by a child process (see the module's docstring): `setup` runs first in its transaction
    (TRUNCATE, dropping indexes), every block is COPYed FREEZE, and the transaction commits at `close`."""

    def __init__(self, connection, conninfo: str, tables: Iterable[str], setup: list[str], *, block_records=4000):
        super().__init__(connection, tables, block_records=block_records)
        self.cpu: dict[str, float | None] = {}  # CPU seconds of the sending process and its server backend
        self.peak_mb: float | None = None  # the sending process's peak memory
        # forked: the child inherits this process's memory but uses only psycopg and a connection of its own, and
        # leaves with os._exit (multiprocessing's), so nothing it inherited is finalised, the caller's connection
        # least of all
        context = multiprocessing.get_context("fork")
        self._pipe, child_end = context.Pipe()
        self._process = context.Process(target=_load_in_child, args=(conninfo, setup, child_end), daemon=True)
        self._process.start()
        child_end.close()

    def _send(self, blocks) -> None:
        self._pipe.send(blocks)

    def close(self) -> dict[str, TableStats]:
        self.flush()
        self._pipe.send(None)
        outcome = self._pipe.recv()
        self._process.join()
        self._formatting.close()
        if isinstance(outcome, BaseException):
            raise outcome
        seconds, usage = outcome
        self.peak_mb = usage.pop("sender_peak_mb")
        self.cpu = usage
        for table, spent in seconds.items():
            self.stats[table].copy_seconds = spent
        return self.stats

    def abandon(self) -> None:
        super().abandon()
        self._process.terminate()  # its transaction rolls back with its connection
        self._process.join(timeout=60)


def backend_cpu(pid: int) -> float | None:
    """CPU seconds a PostgreSQL backend of this machine has used so far (None when its /proc is out of reach)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _load_in_child(conninfo: str, setup: list[str], pipe) -> None:
    """The child process: receive blocks (a thread, so that receiving never waits for the server), COPY them."""
    import psycopg

    blocks: queue.Queue = queue.Queue(maxsize=3)

    def receive() -> None:
        while True:
            item = pipe.recv()
            blocks.put(item)
            if item is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    seconds: dict[str, float] = {}
    try:
        with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
            for statement in setup:
                cursor.execute(statement)
            while (item := blocks.get()) is not None:
                _copy_blocks(cursor, item, "FORMAT BINARY, FREEZE", seconds)
            usage = {
                "sender": time.process_time(),
                "backend": backend_cpu(connection.info.backend_pid),
                "sender_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        pipe.send((seconds, usage))  # the connection's block committed
    except BaseException as error:
        pipe.send(RuntimeError(f"{type(error).__name__}: {error}"))
        sys.exit(1)


# --- around the load -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deferred:
    """A secondary index or constraint dropped for the load, with the statements that drop and bring it back."""

    table: str
    name: str
    kind: str  # "index", "unique", "foreign key"
    drop: str
    create: str


def secondary(cursor, tables: Iterable[str]) -> list[Deferred]:
    """The tables' foreign keys, unique constraints and plain indexes (primary keys stay: ids come in order, so
    their index only appends), in the order to recreate them: indexes, unique constraints, then keys."""
    tables = list(tables)
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
        ORDER BY c.conrelid::regclass::text, c.conname
        """,
        [tables],
    )
    constraints = [
        Deferred(
            table,
            name,
            "unique" if kind == "u" else "foreign key",
            f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}',
        )
        for table, name, kind, definition in cursor.fetchall()
    ]
    cursor.execute(
        """
        SELECT i.tablename, i.indexname, i.indexdef
        FROM pg_indexes i
        JOIN pg_class ic ON ic.relname = i.indexname
        JOIN pg_index x ON x.indexrelid = ic.oid
        WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT x.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ic.oid AND c.contype IN ('u', 'p', 'x'))
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    indexes = [Deferred(t, name, "index", f'DROP INDEX "{name}"', definition) for t, name, definition in cursor]
    keys = [d for d in constraints if d.kind == "foreign key"]
    uniques = [d for d in constraints if d.kind == "unique"]
    return [*indexes, *uniques, *keys]


def drops(deferred: list[Deferred]) -> list[str]:
    """The statements dropping them: keys first (a unique index may back one), then the rest."""
    order = {"foreign key": 0, "unique": 1, "index": 2}
    return [d.drop for d in sorted(deferred, key=lambda d: order[d.kind])]


def restore(cursor, deferred: list[Deferred], stats: dict[str, TableStats], progress: Callable[[str], None]) -> None:
    """Recreate what was dropped, timing each table's share."""
    for item in deferred:
        began = time.perf_counter()
        cursor.execute(item.create)
        seconds = time.perf_counter() - began
        stats.setdefault(item.table, TableStats()).index_seconds += seconds
        if seconds > 0.5:
            progress(f"    {item.kind} {item.name}: {seconds:.1f} s")


def next_ids(cursor, tables: Iterable[str]) -> dict[str, int]:
    """The first free id of each table (the generators number their rows themselves, for the foreign keys)."""
    ids = {}
    for table in tables:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        ids[table] = cursor.fetchone()[0]
    return ids


def reset_sequences(cursor, tables: Iterable[str]) -> None:
    """Move each table's id sequence past the ids the generators gave, so that the app's own inserts go on."""
    for table in tables:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) "
            f'FROM "{table}"',
            [table],
        )
