-- H2 only. H2 has no partial indexes and no full-text type: the lease queue uses a plain index
-- on (state, next_fetch_at), and search falls back to LIKE (docs/STORE.md).
CREATE INDEX feeds_due ON feeds (state, next_fetch_at);
