package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.inkzee.rpc.catalogue.GoldenFiles.Version;
import com.inkzee.rpc.catalogue.SchemaModel.MessageModel;
import com.inkzee.rpc.wire.WireFormat;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The checked-in wire samples are what peers of each catalogue version send: the current code must
 * read every one of them back, and must still write the current version's byte for byte.
 */
class WireSamplesTest {
  private final Catalogue current = InkzeeCatalogue.get();
  private final MessageCodec codec = new MessageCodec(current, WireFormat.DEFAULT_MAX_FRAME_BYTES);

  @Test
  void everySampleDirectoryHasItsSchemaAndOnlyMessagesOfThatSchema() {
    for (Version v : GoldenFiles.sampleVersions()) {
      assertThat(Files.exists(GoldenFiles.schemaFile(v)))
          .as("v%s/ has samples but there is no schema-%s.txt", v, v)
          .isTrue();
      SchemaModel then = SchemaModel.parse(GoldenFiles.read(GoldenFiles.schemaFile(v)));
      List<String> names = then.messages().values().stream().map(MessageModel::name).toList();
      assertThat(GoldenFiles.samples(v).keySet())
          .as("samples in v%s/ that name no message of catalogue %s", v, v)
          .isSubsetOf(names);
    }
  }

  /**
   * Old samples decode with the current catalogue to the sample as of their version: the fields
   * that version had carry the sample values, fields added since are at their absent default.
   */
  @TestFactory
  Stream<DynamicTest> samplesOfEveryVersionDecodeToTheirVersionsValue() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Version v : GoldenFiles.sampleVersions()) {
      if (!Files.exists(GoldenFiles.schemaFile(v))) {
        continue; // reported by the test above
      }
      SchemaModel then = SchemaModel.parse(GoldenFiles.read(GoldenFiles.schemaFile(v)));
      for (Map.Entry<String, byte[]> sample : GoldenFiles.samples(v).entrySet()) {
        String name = sample.getKey();
        byte[] bytes = sample.getValue();
        Class<? extends Record> type = currentMessage(name);
        if (type == null && isRetiredNow(then, name)) {
          continue; // the message was removed and its id retired: nothing reads it any more
        }
        tests.add(
            dynamicTest(
                "v" + v + "/" + name + ".bin",
                () -> {
                  assertThat(type)
                      .as("%s of v%s is neither in catalogue %s nor retired", name, v, version())
                      .isNotNull();
                  Object decoded = codec.decode(bytes, 0, bytes.length, type);
                  assertThat(decoded)
                      .as("v%s/%s.bin decoded with catalogue %s", v, name, version())
                      .usingRecursiveComparison()
                      .isEqualTo(SampleMessages.asOf(type, then));
                }));
      }
    }
    return tests.stream();
  }

  /**
   * A sample is never edited, so if the encoder's bytes differ from the current version's sample,
   * the wire format changed without a new catalogue version (or SampleMessages changed).
   */
  @TestFactory
  Stream<DynamicTest> currentVersionSamplesAreExactlyWhatTheEncoderWrites() {
    Version v = Version.of(current);
    return GoldenFiles.samples(v).entrySet().stream()
        .filter(sample -> currentMessage(sample.getKey()) != null)
        .map(
            sample ->
                dynamicTest(
                    "v" + v + "/" + sample.getKey() + ".bin",
                    () -> {
                      Class<? extends Record> type = currentMessage(sample.getKey());
                      byte[] written = codec.encodeToBytes(SampleMessages.of(type));
                      assertThat(HexFormat.ofDelimiter(" ").formatHex(written))
                          .as(
                              "bytes the current code writes for the %s sample, against v%s/%s.bin."
                                  + " Checked-in samples are never edited: an intended change of"
                                  + " the encoding is a new catalogue version",
                              sample.getKey(), v, sample.getKey())
                          .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(sample.getValue()));
                    }));
  }

  private Class<? extends Record> currentMessage(String simpleName) {
    for (Class<?> type : current.messages().values()) {
      if (type.getSimpleName().equals(simpleName)) {
        return type.asSubclass(Record.class);
      }
    }
    return null;
  }

  private boolean isRetiredNow(SchemaModel then, String name) {
    return then.messages().entrySet().stream()
        .anyMatch(
            m -> m.getValue().name().equals(name) && current.retiredIds().containsKey(m.getKey()));
  }

  private String version() {
    return current.version();
  }
}
