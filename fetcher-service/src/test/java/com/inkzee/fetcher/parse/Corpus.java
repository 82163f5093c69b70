package com.inkzee.fetcher.parse;

import com.inkzee.fetcher.testing.FeedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The feed corpus (the repository's testdata/feeds, a copy of the workplace's shared/feeds), found
 * as {@link FeedServer#corpusDir()} finds it. Missing corpus is a test failure, never a skip: the
 * corpus tests are the parser's main evidence.
 */
final class Corpus {
  /** One MANIFEST.tsv row. */
  record Row(
      String path,
      String sourceRepo,
      String format,
      String expectedEntries,
      String expectedFirstTitle,
      String expectedFeedTitle,
      String notes) {
    String folder() {
      return path.substring(0, path.indexOf('/'));
    }
  }

  private Corpus() {}

  static Path dir() {
    try {
      return requireManifest(FeedServer.corpusDir());
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  private static Path requireManifest(Path dir) {
    if (!Files.isRegularFile(dir.resolve("MANIFEST.tsv"))) {
      throw new AssertionError("feed corpus not found: no MANIFEST.tsv in " + dir);
    }
    return dir;
  }

  static List<Row> manifest() {
    try {
      List<String> lines =
          Files.readAllLines(dir().resolve("MANIFEST.tsv"), StandardCharsets.UTF_8);
      List<Row> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length < 9) {
          throw new AssertionError("MANIFEST.tsv row with " + f.length + " columns: " + line);
        }
        rows.add(new Row(f[0], f[1], f[4], f[5], f[6], f[7], f[8]));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] bytes(Row row) {
    try {
      return Files.readAllBytes(dir().resolve(row.path()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
