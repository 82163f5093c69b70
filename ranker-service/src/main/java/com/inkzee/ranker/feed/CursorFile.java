package com.inkzee.ranker.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * Where the ranker remembers how far it has read the store's change feed, so that a restarted
 * ranker matches alerts from where it stopped: nothing missed, nothing matched twice. A cache, not
 * a source of truth: without it the ranker starts at the store's head and says so.
 *
 * <p>Written to a temporary file and renamed over the old one, so a crash mid-write leaves the old
 * cursor, never a torn one.
 */
public final class CursorFile {
  private final Path file;

  public CursorFile(Path file) {
    this.file = file;
  }

  public OptionalLong read() {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return OptionalLong.of(Long.parseLong(text));
    } catch (java.nio.file.NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "unreadable change-feed cursor in " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(long sequence) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(sequence) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write the change-feed cursor to " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
