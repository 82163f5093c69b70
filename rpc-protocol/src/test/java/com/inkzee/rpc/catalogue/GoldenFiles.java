package com.inkzee.rpc.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checked-in golden files of the catalogue, under {@code src/test/resources/wire/}:
 *
 * <pre>
 * schema-1.0.txt        the text of the 1.0 catalogue's schema()
 * v1.0/PingRequest.bin  MessageCodec bytes of SampleMessages.of(PingRequest.class), as of 1.0
 * </pre>
 *
 * They are read from and written to the source tree, not the test classpath: the update mode writes
 * files that must be committed, and a stale copy in target/ must not hide a missing one.
 */
final class GoldenFiles {
  static final String UPDATE_PROPERTY = "inkzee.updateGolden";

  /** The one command that records a new catalogue version's golden files. */
  static final String UPDATE_COMMAND =
      "./mvnw -pl rpc-protocol test -Dtest=CatalogueCompatibilityTest -D"
          + UPDATE_PROPERTY
          + "=true";

  private static final Pattern SCHEMA_FILE = Pattern.compile("schema-(\\d+)\\.(\\d+)\\.txt");
  private static final Pattern SAMPLE_DIR = Pattern.compile("v(\\d+)\\.(\\d+)");

  private GoldenFiles() {}

  /** A catalogue version, ordered numerically (1.10 after 1.9). */
  record Version(int major, int minor) implements Comparable<Version> {
    static Version of(Catalogue c) {
      return new Version(c.major(), c.minor());
    }

    static Version of(SchemaModel s) {
      return new Version(s.major(), s.minor());
    }

    @Override
    public int compareTo(Version o) {
      return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
      return major + "." + minor;
    }
  }

  static boolean updating() {
    return Boolean.parseBoolean(System.getProperty(UPDATE_PROPERTY, "false"));
  }

  /** {@code src/test/resources/wire} of this module, wherever the tests were started from. */
  static Path root() {
    // Surefire sets basedir; an IDE usually starts tests in the module or the repository root.
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    for (Path candidate :
        List.of(
            Path.of(base, "src", "test", "resources", "wire"),
            Path.of(base, "rpc-protocol", "src", "test", "resources", "wire"))) {
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return Path.of(base, "src", "test", "resources", "wire");
  }

  static Path schemaFile(Version v) {
    return root().resolve("schema-" + v + ".txt");
  }

  static Path sampleDir(Version v) {
    return root().resolve("v" + v);
  }

  static Path sampleFile(Version v, String messageName) {
    return sampleDir(v).resolve(messageName + ".bin");
  }

  /** Every checked-in schema, by version. */
  static NavigableMap<Version, String> schemas() {
    NavigableMap<Version, String> out = new TreeMap<>();
    for (Path p : list(root())) {
      Matcher m = SCHEMA_FILE.matcher(p.getFileName().toString());
      if (m.matches()) {
        out.put(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), read(p));
      }
    }
    return out;
  }

  /** Every version that has a sample directory. */
  static List<Version> sampleVersions() {
    return list(root()).stream()
        .filter(Files::isDirectory)
        .map(p -> SAMPLE_DIR.matcher(p.getFileName().toString()))
        .filter(Matcher::matches)
        .map(m -> new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
        .sorted()
        .toList();
  }

  /** The samples of one version, by message name. */
  static Map<String, byte[]> samples(Version v) {
    Map<String, byte[]> out = new TreeMap<>();
    for (Path p : list(sampleDir(v))) {
      String file = p.getFileName().toString();
      if (file.endsWith(".bin")) {
        out.put(file.substring(0, file.length() - ".bin".length()), bytes(p));
      }
    }
    return out;
  }

  static void writeSchema(Version v, String text) {
    write(schemaFile(v), text.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Writes a sample that does not exist yet. A checked-in sample is never replaced: it records what
   * peers of its version send, and a different encoding needs a new catalogue version.
   */
  static void writeNewSample(Version v, String messageName, byte[] bytes) {
    write(sampleFile(v, messageName), bytes, false);
  }

  static String read(Path p) {
    return new String(bytes(p), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, byte[] bytes, boolean replace) {
    try {
      Files.createDirectories(p.getParent());
      if (replace) {
        Files.write(p, bytes);
      } else {
        Files.write(p, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + p, e);
    }
  }
}
