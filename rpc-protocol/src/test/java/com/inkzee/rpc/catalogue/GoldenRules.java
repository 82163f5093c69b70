package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.catalogue.GoldenFiles.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The rules of the golden check as functions of schema texts, apart from any file, so that the
 * check itself can be shown to fail on made-up schemas (BreakingChangeDetectionTest).
 */
final class GoldenRules {
  private GoldenRules() {}

  /** What the golden files say about the current schema's version. */
  enum Outcome {
    /** A golden file for the current version exists and says the same. */
    UP_TO_DATE,
    /** The current version is new (bumped, or the first of its major): record its golden file. */
    MISSING_GOLDEN,
    /**
     * Same wire format as the golden file, different text (a comment): the file may be rewritten.
     */
    TEXT_ONLY,
    /** The schema changed but the minor version did not: bump it; never edit a golden file. */
    NOT_BUMPED,
    /** The version is below the newest golden file's. */
    VERSION_WENT_DOWN
  }

  record Verdict(Outcome outcome, String message) {}

  /** Every break of {@code current} against every golden schema, each line naming its file. */
  static List<String> breakingChanges(NavigableMap<Version, String> goldens, String current) {
    SchemaModel now = SchemaModel.parse(current);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Version, String> golden : goldens.entrySet()) {
      for (String p :
          CompatibilityChecker.breakingChanges(SchemaModel.parse(golden.getValue()), now)) {
        problems.add("schema-" + golden.getKey() + ".txt: " + p);
      }
    }
    return problems;
  }

  /** Whether the current schema has the golden file its version needs, and what to do if not. */
  static Verdict verdict(NavigableMap<Version, String> goldens, String current) {
    SchemaModel now = SchemaModel.parse(current);
    Version version = Version.of(now);
    String golden = goldens.get(version);
    if (golden != null) {
      SchemaModel then = SchemaModel.parse(golden);
      if (CompatibilityChecker.changed(then, now)) {
        return new Verdict(
            Outcome.NOT_BUMPED,
            "The catalogue schema differs from schema-"
                + version
                + ".txt, but the catalogue is still version "
                + version
                + ". A golden file is never edited: bump InkzeeCatalogue.MINOR to "
                + (version.minor() + 1)
                + ", then record the new version with\n  "
                + GoldenFiles.UPDATE_COMMAND
                + "\nChanges since "
                + version
                + ":\n"
                + String.join("\n", differences(golden, current)));
      }
      if (!golden.equals(current)) {
        return new Verdict(
            Outcome.TEXT_ONLY,
            "schema-"
                + version
                + ".txt describes the same wire format as the catalogue but its text differs"
                + " (comments or layout); rewrite it with\n  "
                + GoldenFiles.UPDATE_COMMAND
                + "\nDifferences:\n"
                + String.join("\n", textDifferences(golden, current)));
      }
      return new Verdict(Outcome.UP_TO_DATE, "schema-" + version + ".txt is up to date");
    }
    Map.Entry<Version, String> newest =
        goldens.floorEntry(new Version(version.major(), Integer.MAX_VALUE));
    if (newest != null
        && newest.getKey().major() == version.major()
        && newest.getKey().compareTo(version) > 0) {
      return new Verdict(
          Outcome.VERSION_WENT_DOWN,
          "The catalogue is version "
              + version
              + " but schema-"
              + newest.getKey()
              + ".txt is checked in: versions only go up");
    }
    String changes =
        newest == null || newest.getKey().major() != version.major()
            ? "(the first golden file of major version " + version.major() + ")"
            : "Changes since "
                + newest.getKey()
                + ":\n"
                + String.join("\n", differences(newest.getValue(), current));
    return new Verdict(
        Outcome.MISSING_GOLDEN,
        "Catalogue "
            + version
            + " has no golden file schema-"
            + version
            + ".txt yet. Record it and its wire samples with\n  "
            + GoldenFiles.UPDATE_COMMAND
            + "\nthen commit the new files under rpc-protocol/src/test/resources/wire/.\n"
            + changes);
  }

  /**
   * The schema lines only one side has, as {@code - old} and {@code + new}, each field and method
   * line prefixed with its message or service so it reads on its own.
   */
  static List<String> differences(String before, String after) {
    Set<String> a = meaningfulLines(before);
    Set<String> b = meaningfulLines(after);
    List<String> out = new ArrayList<>();
    a.stream().filter(l -> !b.contains(l)).forEach(l -> out.add("  - " + l));
    b.stream().filter(l -> !a.contains(l)).forEach(l -> out.add("  + " + l));
    return out;
  }

  private static List<String> textDifferences(String before, String after) {
    List<String> a = List.of(before.split("\n"));
    List<String> b = List.of(after.split("\n"));
    List<String> out = new ArrayList<>();
    a.stream().filter(l -> !b.contains(l)).forEach(l -> out.add("  - " + l));
    b.stream().filter(l -> !a.contains(l)).forEach(l -> out.add("  + " + l));
    return out;
  }

  private static Set<String> meaningfulLines(String schema) {
    Set<String> out = new LinkedHashSet<>();
    String header = "";
    for (String raw : schema.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("catalogue ")) {
        continue;
      }
      if (raw.startsWith(" ")) {
        out.add(header + ": " + line);
      } else {
        header = line;
        out.add(line);
      }
    }
    return out;
  }
}
