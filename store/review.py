"""Analysts' corrections: each changed field recorded with who and when, the row holding the result."""

from __future__ import annotations

import json

from geo.schema import CORRECTABLE

from .records import NotFound, now


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
            row = db.execute(f"SELECT {', '.join(CORRECTABLE)} FROM incidents WHERE id = ?", (incident_id,)).fetchone()
            if row is None:
                raise NotFound(f"no incident {incident_id}")
            changed = {k: v for k, v in changes.items() if row[k] != v}
            for field, value in changed.items():
                db.execute("INSERT INTO corrections (incident_id, field, value, previous, who, at) VALUES (?,?,?,?,?,?)",
                           (incident_id, field, json.dumps(value), json.dumps(row[field]), who, at))
            if changed:
                db.execute(f"UPDATE incidents SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                           [*changed.values(), incident_id])
        return self.incident(incident_id)

    def corrections(self, incident_id: int) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT field, value, previous, who, at FROM corrections WHERE incident_id = ? ORDER BY id",
                              (incident_id,)).fetchall()
        return [{**dict(r), "value": json.loads(r["value"]), "previous": json.loads(r["previous"])} for r in rows]
