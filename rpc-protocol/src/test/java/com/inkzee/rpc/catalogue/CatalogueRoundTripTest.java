package com.inkzee.rpc.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.inkzee.rpc.catalogue.AllFieldTypes.Everything;
import com.inkzee.rpc.catalogue.AllFieldTypes.Leaf;
import com.inkzee.rpc.catalogue.AllFieldTypes.Mood;
import com.inkzee.rpc.catalogue.AllFieldTypes.Tree;
import com.inkzee.rpc.catalogue.AllFieldTypes.Validated;
import com.inkzee.rpc.serial.WireOutput;
import com.inkzee.rpc.wire.WireFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every message survives MessageCodec: encode, decode, and the same bytes again. */
class CatalogueRoundTripTest {

  @Nested
  class EveryInkzeeMessage {
    private final Catalogue catalogue = InkzeeCatalogue.get();
    private final MessageCodec codec =
        new MessageCodec(catalogue, WireFormat.DEFAULT_MAX_FRAME_BYTES);

    @TestFactory
    Stream<DynamicTest> decodesToWhatWasEncodedAndEncodesToTheSameBytesAgain() {
      return catalogue.messages().entrySet().stream()
          .map(
              e ->
                  dynamicTest(
                      e.getKey() + " " + e.getValue().getSimpleName(),
                      () -> assertRoundTrip(codec, e.getKey(), e.getValue())));
    }
  }

  @Nested
  class EveryFieldType {
    private final Catalogue catalogue = AllFieldTypes.catalogue();
    private final MessageCodec codec =
        new MessageCodec(catalogue, WireFormat.DEFAULT_MAX_FRAME_BYTES);

    @Test
    void aMessageWithEveryFieldTypeRoundTrips() {
      assertRoundTrip(codec, 102, Everything.class);
    }

    @Test
    void aSelfReferencingMessageRoundTrips() {
      assertRoundTrip(codec, 101, Tree.class);
    }

    @Test
    void samplesFollowTheDocumentedRecipe() {
      Everything e = SampleMessages.of(Everything.class);

      assertThat(e.text()).isEqualTo("text");
      assertThat(e.small()).isEqualTo(3);
      assertThat(e.ratio()).isEqualTo(7.5);
      assertThat(e.weight()).isEqualTo(9.25f);
      assertThat(e.blob()).startsWith(0x00, 0xFF).endsWith("blob".getBytes());
      assertThat(e.at()).isEqualTo(SampleMessages.INSTANT);
      assertThat(e.mood()).as("alphabetically first").isEqualTo(Mood.ANGRY);
      assertThat(e.texts()).containsExactly("texts[0]", "texts[1]");
      assertThat(e.numbers()).containsExactly(18L, -18L);
      assertThat(e.times()).containsExactly(SampleMessages.INSTANT, SampleMessages.BEFORE_EPOCH);
      assertThat(e.leaves()).containsExactly(new Leaf("label", SampleMessages.INSTANT));
      assertThat(e.grid()).hasSize(2).allSatisfy(row -> assertThat(row).containsExactly(23, -23));
    }

    @Test
    void samplesAreTheSameEveryTime() {
      assertThat(SampleMessages.of(Everything.class))
          .usingRecursiveComparison()
          .isEqualTo(SampleMessages.of(Everything.class));
    }

    @Test
    void aSelfReferenceEndsInAbsentValues() {
      Tree t = SampleMessages.of(Tree.class);

      assertThat(t.children()).isEmpty();
      assertThat(t.parent()).isNull();
    }

    @Test
    void aSampleAsOfAnOlderSchemaLacksItsNewerFieldsAndUsesItsNames() {
      String schema = catalogue.schema();
      String header = "message 100 Leaf";
      String older =
          BreakingChangeDetectionTest.replace(
              BreakingChangeDetectionTest.remove(schema, header, "field 2 at: timestamp"),
              header,
              "field 1 label: string",
              "field 1 title: string");

      Leaf asOf = SampleMessages.asOf(Leaf.class, SchemaModel.parse(older));

      assertThat(asOf).isEqualTo(new Leaf("title", null));
    }

    @Test
    void aRecordThatRefusesItsSampleSaysHowToFixThat() {
      assertThatThrownBy(() -> SampleMessages.of(Validated.class))
          .hasMessageContaining("Validated")
          .hasMessageContaining("url must be https")
          .hasMessageContaining("SampleMessages.OVERRIDES");
    }
  }

  private static void assertRoundTrip(MessageCodec codec, int id, Class<?> type) {
    Record sample = SampleMessages.of(type.asSubclass(Record.class));
    byte[] bytes = codec.encodeToBytes(sample);

    Object decoded = codec.decode(bytes, 0, bytes.length, type);

    // Recursive comparison, because records compare byte[] components by identity.
    assertThat(decoded).usingRecursiveComparison().isEqualTo(sample);
    assertThat(bytes).as("starts with the type id as a varint").startsWith(varint(id));
    assertThat(codec.encodeToBytes(decoded)).isEqualTo(bytes);
  }

  private static byte[] varint(int value) {
    WireOutput out = new WireOutput(5, 5);
    out.writeVarint32(value);
    return out.toBytes();
  }
}
