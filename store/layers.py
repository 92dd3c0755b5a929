"""Comparison layers imported from other tools, and sign-in sessions ended by signing out."""

from __future__ import annotations

import json

from .records import now


class LayersAndSessions:
    """Comparison layers and revoked sessions of ``Store``."""

    def revoke_session(self, sid: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO revoked_sessions VALUES (?, ?) ON CONFLICT DO NOTHING", (sid, now()))

    def session_revoked(self, sid: str) -> bool:
        with self.connect() as db:
            return db.execute("SELECT 1 FROM revoked_sessions WHERE sid = ?", (sid,)).fetchone() is not None

    def delete_comparison_layer(self, layer_id: int) -> bool:
        with self.transaction() as db:
            return db.execute("DELETE FROM comparison_layers WHERE id = ?", (layer_id,)).rowcount > 0

    def add_comparison_layer(self, name: str, source_format: str, geojson: dict, who: str, vertices: int = 0) -> int:
        with self.transaction() as db:
            return db.execute(
                "INSERT INTO comparison_layers (name, source_format, features, geojson, who, created_at, vertices) "
                "VALUES (?,?,?,?,?,?,?) RETURNING id",
                (name, source_format, len(geojson["features"]), json.dumps(geojson), who, now(), vertices)).fetchone()[0]

    def comparison_vertices(self) -> int:
        """Vertices of every comparison layer together (what each page load draws)."""
        with self.connect() as db:
            return db.execute("SELECT coalesce(sum(vertices), 0) FROM comparison_layers").fetchone()[0]

    def comparison_layers(self) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT id, name, source_format, features, who, created_at FROM comparison_layers ORDER BY id")
            return [dict(r) for r in rows]

    def comparison_layer(self, layer_id: int) -> str | None:
        with self.connect() as db:
            row = db.execute("SELECT geojson FROM comparison_layers WHERE id = ?", (layer_id,)).fetchone()
        return row[0] if row else None
