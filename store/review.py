"""Analysts' corrections: each changed field recorded with who and when, the row holding the result."""

from __future__ import annotations

import json

from geo.schema import CORRECTABLE

from .records import NotFound, now, set_columns


class Review:
    """Corrections of ``Store``."""

    def correct(self, incident_id: int, changes: dict, who: str) -> dict:
        """Apply an analyst's changes to an incident, recording each changed field with who and
        when. Values must already be checked (see ``CORRECTABLE``). Returns the updated record."""
        unknown = set(changes) - set(CORRECTABLE)
        if unknown:
            raise ValueError(f"not correctable: {', '.join(sorted(unknown))}")
        at = now()
        with self.transaction() as db:
            row = _correctable(db, incident_id)
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            _record(db, incident_id, row, {k: v for k, v in changes.items() if row[k] != v}, who, at)
        return self.incident(incident_id)

    def undo(self, incident_id: int, who: str) -> dict:
        """Take back the last change to an incident that has not been taken back yet: its fields
        get their previous values, recorded as corrections by ``who`` + UNDO_MARK (the history
        keeps both). Undoing again takes back the change before it. NotFound: nothing to undo."""
        at = now()
        with self.transaction() as db:
            rows = db.execute("SELECT field, previous, who, at FROM corrections WHERE incident_id = ? ORDER BY id",
                              (incident_id,)).fetchall()
            batch = _last_standing(rows)
            if batch is None:
                if _correctable(db, incident_id) is None:
                    raise NotFound(f"no incident {incident_id}")
                raise NotFound(f"incident {incident_id} has no change to undo")
            restored = {r["field"]: json.loads(r["previous"]) for r in reversed(batch)}  # (the earliest previous wins)
            # (every field is recorded, changed or not: the undo must stand in the history)
            _record(db, incident_id, _correctable(db, incident_id), restored, who + UNDO_MARK, at)
        return self.incident(incident_id)

    def corrections(self, incident_id: int) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT field, value, previous, who, at FROM corrections WHERE incident_id = ? ORDER BY id",
                              (incident_id,)).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]), "previous": json.loads(r["previous"])} for r in rows]


def _correctable(db, incident_id: int):
    return db.execute(f"SELECT {', '.join(CORRECTABLE)} FROM incidents WHERE id = ?", (incident_id,)).fetchone()


def _record(db, incident_id: int, current, changes: dict, who: str, at: str) -> None:
    """Set the incident's fields, each recorded as a correction with its previous value."""
    for field, value in changes.items():
        db.execute("INSERT INTO corrections (incident_id, field, value, previous, who, at) VALUES (?,?,?,?,?,?)",
                   (incident_id, field, json.dumps(value), json.dumps(current[field]), who, at))
    set_columns(db, incident_id, changes)


UNDO_MARK = " (undo)"


def _last_standing(rows) -> list | None:
    """The newest change (the rows one save wrote: same who, same second) not taken back by an
    undo after it; each undo takes back the newest change still standing before it."""
    batches: list[list] = []
    for row in rows:
        if batches and (batches[-1][0]["who"], batches[-1][0]["at"]) == (row["who"], row["at"]):
            batches[-1].append(row)
        else:
            batches.append([row])
    pending = 0
    for batch in reversed(batches):
        if batch[0]["who"].endswith(UNDO_MARK):
            pending += 1
        elif pending:
            pending -= 1
        else:
            return batch
    return None
