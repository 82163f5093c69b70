package com.inkzee.rpc.api.store;

import com.inkzee.rpc.serial.Field;
import java.time.Instant;
import java.util.List;

/** Entries: ingest, the change feed, and reads by id and by time window. */
public final class EntryMessages {
  private EntryMessages() {}

  /**
   * A media file attached to an entry (podcast audio, images). {@code durationSeconds} is the
   * playing time (a podcast's {@code itunes:duration}), 0 when unknown; new in 1.2.
   */
  public record Enclosure(
      @Field(1) String url,
      @Field(2) String mimeType,
      @Field(3) long lengthBytes,
      @Field(4) long durationSeconds) {}

  /**
   * An entry as parsed and sanitised by a fetcher. {@code entryKey} identifies it within its feed
   * (the GUID, else the link, else a hash: the fetcher decides) and is what makes ingest
   * idempotent. {@code fingerprint} is the ranker's similarity hash (e.g. SimHash of the text).
   */
  public record EntryInput(
      @Field(1) String entryKey,
      @Field(2) String guid,
      @Field(3) String url,
      @Field(4) String title,
      @Field(5) String author,
      @Field(6) String summary,
      @Field(7) String content,
      @Field(8) List<String> categories,
      @Field(9) List<Enclosure> enclosures,
      @Field(10) Instant publishedAt,
      @Field(11) Instant updatedAt,
      @Field(12) long fingerprint,
      @Field(13) String language) {}

  /**
   * Stores a batch of a feed's entries in one transaction. Idempotent: the same batch again stores
   * nothing twice (same key and same content: unchanged).
   */
  public record IngestRequest(@Field(1) long feedId, @Field(2) List<EntryInput> entries) {}

  /**
   * What the batch did: new entries, entries whose content changed (their sequence moved), entries
   * already stored as they are, and entries refused because retention or a user removed them.
   * {@code cleanedFields} counts fields that had NUL bytes or broken UTF-16 removed, and dates
   * outside years 1..9999 UTC set to null (docs/STORE.md, "Times").
   */
  public record IngestResponse(
      @Field(1) int inserted,
      @Field(2) int updated,
      @Field(3) int unchanged,
      @Field(4) int tombstoned,
      @Field(5) int cleanedFields) {}

  /**
   * A stored entry. {@code sequence} is its position in the change feed (moves on every content
   * change); {@code sortAt} is the published time, else the first-seen time. {@code wordCount} (new
   * in 1.3): words of the content's visible text (tags stripped; the summary's when there is no
   * content), counted at ingest; 0 for entries stored before 1.3 until their content changes.
   */
  public record Entry(
      @Field(1) long id,
      @Field(2) long sequence,
      @Field(3) long feedId,
      @Field(4) String entryKey,
      @Field(5) String guid,
      @Field(6) String url,
      @Field(7) String title,
      @Field(8) String author,
      @Field(9) String summary,
      @Field(10) String content,
      @Field(11) List<String> categories,
      @Field(12) List<Enclosure> enclosures,
      @Field(13) Instant publishedAt,
      @Field(14) Instant updatedAt,
      @Field(15) Instant firstSeenAt,
      @Field(16) Instant sortAt,
      @Field(17) String contentHash,
      @Field(18) long fingerprint,
      @Field(19) String language,
      @Field(20) int wordCount) {}

  /**
   * The change feed: entries whose sequence is above {@code afterSequence}, in sequence order. With
   * {@code withoutContent} the content field is left out (the ranker rarely needs it).
   */
  public record EntriesSinceRequest(
      @Field(1) long afterSequence, @Field(2) int limit, @Field(3) boolean withoutContent) {}

  /** {@code lastSequence} is the cursor for the next call (unchanged when the page is empty). */
  public record EntriesSinceResponse(@Field(1) List<Entry> entries, @Field(2) long lastSequence) {}

  public record GetEntriesRequest(@Field(1) List<Long> ids, @Field(2) boolean withoutContent) {}

  /**
   * The entries that exist, in the order asked; missing ids are left out. An answer stops at the
   * store's page budget (8 MiB of entry text, at least one entry), so that ids with large content
   * never make an answer too big for a frame: the ids it did not reach are in {@code deferredIds},
   * in the order asked, for the caller to ask for again (some may turn out not to exist). A peer
   * older than catalogue 1.10 does not see them and gets fewer entries, not an error.
   */
  public record GetEntriesResponse(
      @Field(1) List<Entry> entries, @Field(2) List<Long> deferredIds) {
    /** Everything asked for was looked up. */
    public GetEntriesResponse(List<Entry> entries) {
      this(entries, List.of());
    }
  }

  /** A position in a newest-first listing: strictly after (older than) this entry. */
  public record EntryCursor(@Field(1) Instant sortAt, @Field(2) long entryId) {}

  /**
   * Entries of {@code feedIds} with {@code from <= sortAt < until} (either bound may be null),
   * newest first, {@code limit} at a time, continuing after {@code after} (keyset paging).
   */
  public record ListEntriesRequest(
      @Field(1) List<Long> feedIds,
      @Field(2) Instant from,
      @Field(3) Instant until,
      @Field(4) int limit,
      @Field(5) EntryCursor after,
      @Field(6) boolean withoutContent) {}

  /** {@code next} is null on the last page. */
  public record ListEntriesResponse(@Field(1) List<Entry> entries, @Field(2) EntryCursor next) {}

  /**
   * Every feed's entries with {@code sortAt >= since}, newest first, {@code limit} at a time,
   * continuing after {@code after} (keyset paging as in listEntries). New in 1.3: the ranker loads
   * its window with it.
   */
  public record WindowRequest(
      @Field(1) Instant since,
      @Field(2) EntryCursor after,
      @Field(3) int limit,
      @Field(4) boolean withoutContent) {}

  /**
   * {@code next} is null on the last page. {@code headSequence} is the change feed's highest
   * sequence when this call started: tail {@code entriesSince} from the first page's value and
   * nothing stored during the load is missed (an entry may be seen twice, never not at all).
   */
  public record WindowResponse(
      @Field(1) List<Entry> entries, @Field(2) EntryCursor next, @Field(3) long headSequence) {}
}
