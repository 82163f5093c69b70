-- PostgreSQL only: the lease queue's partial index and full-text search.

-- Leasing reads only active feeds in next_fetch_at order.
CREATE INDEX feeds_due ON feeds (next_fetch_at) WHERE state = 'ACTIVE';

-- 'simple' configuration: feeds are in every language, so no stemming; HTML tags are dropped by
-- the parser. The text is cut at 100,000 characters because a tsvector is limited to 1 MiB.
ALTER TABLE entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  to_tsvector('simple',
    coalesce(title, '') || ' ' || coalesce(author, '') || ' ' || coalesce(summary, '') || ' '
    || left(coalesce(content, ''), 100000))
) STORED;
CREATE INDEX entries_search ON entries USING gin (search_vector);
