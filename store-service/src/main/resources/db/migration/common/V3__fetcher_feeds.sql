-- Catalogue 1.2: what the fetcher needs per feed, written once for both engines.
-- poll_interval_seconds: the interval the fetcher last chose (0: never), handed back in leases.
-- tls_exempt: an operator's exception to strict TLS verification for this feed.
-- redirect_count: consecutive reports naming redirect_candidate as a permanent redirect.
-- merged_into: the feed that took over this one's subscribers after a permanent redirect to a
-- URL it already had; this row is then GONE and kept so its entries and id stay valid.
ALTER TABLE feeds ADD COLUMN poll_interval_seconds INT NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN tls_exempt BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE feeds ADD COLUMN redirect_count INT NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN merged_into BIGINT;
ALTER TABLE feeds ADD CONSTRAINT feeds_merged_into FOREIGN KEY (merged_into) REFERENCES feeds (id);
