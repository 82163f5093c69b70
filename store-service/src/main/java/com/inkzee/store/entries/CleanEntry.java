package com.inkzee.store.entries;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import java.time.Instant;
import java.util.List;

/**
 * An entry after cleaning and validation, with its content hash and word count (derived from the
 * content, so not hashed): ready to be written.
 */
record CleanEntry(
    String entryKey,
    String guid,
    String url,
    String title,
    String author,
    String summary,
    String content,
    List<String> categories,
    List<Enclosure> enclosures,
    Instant publishedAt,
    Instant updatedAt,
    long fingerprint,
    String language,
    String contentHash,
    int wordCount) {}
