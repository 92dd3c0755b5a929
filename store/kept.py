"""Totals kept across restarts: a total that took long to compute (``store.cached``) is kept
with the store's version, so a server started again over an unchanged store answers the map's
first page from it instead of scanning millions of incidents again. Only the current version's
totals are kept; none of this changes what the store holds (no version bump)."""

from __future__ import annotations


class KeptTotals:
    """Kept totals of ``Store`` and ``PgStore``."""

    def kept_total(self, key: str, version: int) -> tuple[str, float] | None:
        """(the total as JSON, seconds it took) if it was kept at this version."""
        with self.connect() as db:
            row = db.execute("SELECT value, took FROM kept_totals WHERE key = ? AND version = ?",
                             (key, version)).fetchone()
        return (row[0], row[1]) if row else None

    def keep_total(self, key: str, version: int, value: str, took: float) -> None:
        with self.transaction(bump=False) as db:
            db.execute("DELETE FROM kept_totals WHERE version <> ?", (version,))  # (another version's are of no use)
            db.execute("INSERT INTO kept_totals (key, version, value, took) VALUES (?,?,?,?) "
                       "ON CONFLICT (key) DO UPDATE SET version = excluded.version, value = excluded.value, "
                       "took = excluded.took", (key, version, value, took))
