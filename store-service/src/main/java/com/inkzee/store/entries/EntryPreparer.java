package com.inkzee.store.entries;

import static com.inkzee.rpc.api.store.StoreLimits.MAX_BATCH_ENTRIES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_CATEGORIES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_CONTENT_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_ENCLOSURES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_KEY_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_LABEL_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_LANGUAGE_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_SUMMARY_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_TITLE_BYTES;
import static com.inkzee.rpc.api.store.StoreLimits.MAX_URL_BYTES;

import com.inkzee.rpc.api.store.EntryCopies;
import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.store.db.Sql;
import com.inkzee.store.db.StoredTimes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an ingest batch into {@link CleanEntry}s: cleans NULs and broken UTF-16 from every text
 * field and drops dates outside {@link StoredTimes}, checks limits (the whole batch is refused,
 * naming the first entry and field over one), keeps the latest updated of several entries with one
 * key, and hashes the content so that a repeat is recognised as unchanged.
 */
final class EntryPreparer {
  /** Cleaned entries in batch order, and how many fields needed cleaning. */
  record Prepared(List<CleanEntry> entries, int cleanedFields) {}

  private int cleaned;

  static Prepared prepare(List<EntryInput> batch) {
    InputLimits.maxCount("entries", batch, MAX_BATCH_ENTRIES);
    EntryPreparer p = new EntryPreparer();
    Map<String, CleanEntry> byKey = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      CleanEntry e = p.prepare("entries[" + i + "]", batch.get(i));
      CleanEntry kept = byKey.get(e.entryKey());
      // The copy that replaces another takes its batch position.
      if (kept != null && !EntryCopies.replaces(kept.updatedAt(), e.updatedAt())) {
        continue;
      }
      byKey.remove(e.entryKey());
      byKey.put(e.entryKey(), e);
    }
    return new Prepared(List.copyOf(byKey.values()), p.cleaned);
  }

  private CleanEntry prepare(String at, EntryInput in) {
    if (in == null) {
      throw new IllegalArgumentException(at + " is missing");
    }
    String key = text(at + ".entryKey", in.entryKey(), MAX_KEY_BYTES);
    InputLimits.required(at + ".entryKey", key);
    String guid = text(at + ".guid", in.guid(), MAX_KEY_BYTES);
    String url = text(at + ".url", in.url(), MAX_URL_BYTES);
    String title = text(at + ".title", in.title(), MAX_TITLE_BYTES);
    String author = text(at + ".author", in.author(), MAX_LABEL_BYTES);
    String summary = text(at + ".summary", in.summary(), MAX_SUMMARY_BYTES);
    String content = text(at + ".content", in.content(), MAX_CONTENT_BYTES);
    String language = text(at + ".language", in.language(), MAX_LANGUAGE_BYTES);
    List<String> inCategories = in.categories() == null ? List.of() : in.categories();
    InputLimits.maxCount(at + ".categories", inCategories, MAX_CATEGORIES);
    List<String> categories = new ArrayList<>();
    for (int j = 0; j < inCategories.size(); j++) {
      String c = text(at + ".categories[" + j + "]", inCategories.get(j), MAX_LABEL_BYTES);
      if (c == null) {
        continue;
      }
      // Categories are stored one per line.
      categories.add(c.replace('\n', ' ').replace('\r', ' '));
    }
    List<Enclosure> inEnclosures = in.enclosures() == null ? List.of() : in.enclosures();
    InputLimits.maxCount(at + ".enclosures", inEnclosures, MAX_ENCLOSURES);
    List<Enclosure> enclosures = new ArrayList<>();
    for (int j = 0; j < inEnclosures.size(); j++) {
      Enclosure e = inEnclosures.get(j);
      String where = at + ".enclosures[" + j + "]";
      String eurl = text(where + ".url", e.url(), MAX_URL_BYTES);
      InputLimits.required(where + ".url", eurl);
      String type = text(where + ".mimeType", e.mimeType(), MAX_LABEL_BYTES);
      enclosures.add(
          new Enclosure(
              eurl, type, Math.max(0, e.lengthBytes()), Math.max(0, e.durationSeconds())));
    }
    CleanEntry draft =
        new CleanEntry(
            key,
            guid,
            url,
            title,
            author,
            summary,
            content,
            List.copyOf(categories),
            List.copyOf(enclosures),
            time(in.publishedAt()),
            time(in.updatedAt()),
            in.fingerprint(),
            language,
            null,
            0);
    return new CleanEntry(
        key,
        guid,
        url,
        title,
        author,
        summary,
        content,
        draft.categories(),
        draft.enclosures(),
        draft.publishedAt(),
        draft.updatedAt(),
        draft.fingerprint(),
        language,
        hash(draft),
        WordCounter.count(content != null ? content : summary));
  }

  private String text(String field, String value, int limit) {
    String clean = TextCleaner.clean(value);
    if (clean != value) {
      cleaned++;
    }
    InputLimits.maxBytes(field, clean, limit);
    return clean;
  }

  /**
   * An entry's date, or null (counted as cleaned) when it is outside {@link StoredTimes}: a feed's
   * nonsense date ("-10000-01-01") must not fail the batch, and with it the feed's good entries, on
   * one engine and be kept on the other. The entry is then sorted by its arrival.
   */
  private Instant time(Instant t) {
    Instant micros = Sql.micros(t);
    if (!StoredTimes.storable(micros)) {
      cleaned++;
      return null;
    }
    return micros;
  }

  /**
   * SHA-256 over every stored field, each length-prefixed so that moving text between fields
   * changes the hash. The first-seen time is not part of it: it never changes.
   */
  static String hash(CleanEntry e) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required of every JVM", ex);
    }
    Object[] parts = {
      e.guid(),
      e.url(),
      e.title(),
      e.author(),
      e.summary(),
      e.content(),
      String.join("\n", e.categories()),
      EntryColumns.encodeEnclosures(e.enclosures()),
      e.publishedAt(),
      e.updatedAt(),
      e.fingerprint(),
      e.language()
    };
    for (Object part : parts) {
      byte[] b =
          part == null
              ? new byte[] {(byte) 0xff}
              : part.toString().getBytes(StandardCharsets.UTF_8);
      md.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
      md.update((byte) ':');
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
