-- The ranker's window load (every feed's entries since a time, newest first, keyset-paged) reads
-- entries_window_load. It is on window_sort_at, a generated copy of sort_at, and not on sort_at
-- itself: an index leading with sort_at is also usable by the per-user listing (feed_id = ANY(...)
-- ORDER BY sort_at DESC), and PostgreSQL then prefers a backward scan of every feed's entries,
-- filtered to the user's feeds, over entries_window: cheap for a reader of many busy feeds, a read
-- of the whole index for one who follows a few quiet ones (QueryPlanIT caught it). The listing
-- never names window_sort_at, so it keeps entries_window.
ALTER TABLE entries ADD COLUMN window_sort_at TIMESTAMP WITH TIME ZONE
  GENERATED ALWAYS AS (sort_at) STORED;
CREATE INDEX entries_window_load ON entries (window_sort_at, id);
