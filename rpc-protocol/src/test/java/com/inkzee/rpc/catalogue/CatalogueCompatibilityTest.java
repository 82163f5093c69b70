package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.inkzee.rpc.catalogue.GoldenFiles.Version;
import com.inkzee.rpc.catalogue.GoldenRules.Outcome;
import com.inkzee.rpc.catalogue.GoldenRules.Verdict;
import com.inkzee.rpc.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The build's breaking-change detector: the catalogue as compiled must be able to talk to every
 * version whose schema is checked in under {@code src/test/resources/wire/}, and a changed schema
 * must come with a new minor version and its own golden files.
 *
 * <p>Run with {@code -Dinkzee.updateGolden=true} ({@link GoldenFiles#UPDATE_COMMAND}) to record the
 * golden files of a new version instead of failing. Even then an incompatible change fails, an
 * existing version's schema is only rewritten when its wire format is unchanged, and an existing
 * sample is never replaced.
 *
 * <p>The tests run in order because the later ones rely on what the earlier ones checked (or, in
 * update mode, wrote): samples are only recorded for a version whose schema is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogueCompatibilityTest {
  private final Catalogue current = InkzeeCatalogue.get();
  private final Version version = Version.of(current);

  @Test
  @Order(1)
  void everyGoldenSchemaParsesAndNamesItsOwnVersion() {
    for (Map.Entry<Version, String> golden : GoldenFiles.schemas().entrySet()) {
      SchemaModel model = SchemaModel.parse(golden.getValue());
      assertThat(Version.of(model))
          .as("the 'catalogue' line of schema-%s.txt", golden.getKey())
          .isEqualTo(golden.getKey());
    }
  }

  @Test
  @Order(2)
  void currentCatalogueBreaksNoCheckedInSchema() {
    List<String> problems = GoldenRules.breakingChanges(GoldenFiles.schemas(), current.schema());
    if (!problems.isEmpty()) {
      fail(
          "Catalogue "
              + version
              + " cannot talk to peers of a checked-in version. Undo these changes (retire ids and"
              + " fields instead of removing or reusing them; add, never change):\n  "
              + String.join("\n  ", problems)
              + "\nSee docs/PROTOCOL.md, \"Evolution\".");
    }
  }

  @Test
  @Order(3)
  void schemaOfTheCurrentVersionIsCheckedIn() {
    NavigableMap<Version, String> goldens = GoldenFiles.schemas();
    Verdict verdict = GoldenRules.verdict(goldens, current.schema());
    boolean writable =
        verdict.outcome() == Outcome.MISSING_GOLDEN || verdict.outcome() == Outcome.TEXT_ONLY;
    if (GoldenFiles.updating() && writable) {
      // Never bless an incompatible schema, even on request.
      assertThat(GoldenRules.breakingChanges(goldens, current.schema()))
          .as("breaking changes; fix them before recording %s", version)
          .isEmpty();
      GoldenFiles.writeSchema(version, current.schema());
      verdict = GoldenRules.verdict(GoldenFiles.schemas(), current.schema());
    }
    assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.UP_TO_DATE);
  }

  @Test
  @Order(4)
  void everyRegisteredMessageHasASampleOfTheCurrentVersion() {
    // Samples belong to the wire format their directory's schema describes: none are written
    // next to a schema that is missing or out of date.
    Verdict verdict = GoldenRules.verdict(GoldenFiles.schemas(), current.schema());
    assertThat(verdict.outcome())
        .as("first fix the schema golden file: %s", verdict.message())
        .isEqualTo(Outcome.UP_TO_DATE);
    MessageCodec codec = new MessageCodec(current, WireFormat.DEFAULT_MAX_FRAME_BYTES);
    Map<String, byte[]> samples = GoldenFiles.samples(version);
    List<String> missing = new ArrayList<>();
    for (Class<?> type : current.messages().values()) {
      String name = type.getSimpleName();
      if (samples.containsKey(name)) {
        continue;
      }
      if (GoldenFiles.updating()) {
        GoldenFiles.writeNewSample(
            version, name, codec.encodeToBytes(SampleMessages.of(type.asSubclass(Record.class))));
      } else {
        missing.add(name);
      }
    }
    assertThat(missing)
        .as(
            "messages of catalogue %s without a wire sample in %s; record them with\n  %s\n",
            version, GoldenFiles.sampleDir(version), GoldenFiles.UPDATE_COMMAND)
        .isEmpty();
  }
}
