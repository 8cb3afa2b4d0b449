"""The dashboard's data layer: the warehouse connection and cached queries (store), and per page the figures
it shows as typed results (overview, stops, visitors, impact). Pages hold layout and words; whatever is
computed, normalised or protected is computed here or in SQL."""

from ui.data.store import Context, boundaries, context, cursor, exported, is_published, query, version

__all__ = ["Context", "boundaries", "context", "cursor", "exported", "is_published", "query", "version"]
