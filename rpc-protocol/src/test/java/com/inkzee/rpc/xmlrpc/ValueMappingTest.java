package com.inkzee.rpc.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.catalogue.AllFieldTypes;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.catalogue.SampleMessages;
import com.inkzee.rpc.status.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ValueMappingTest {
  private final XmlRpcParser parser = new XmlRpcParser(64);

  /** Message → XML-RPC document → parsed value → message. */
  private Object roundTrip(Record message) {
    byte[] xml = XmlRpcWriter.response(message);
    Object parsed = parser.parseResponse(xml).value();
    return ValueMapper.toRecord((Map<?, ?>) parsed, message.getClass(), "m");
  }

  @Nested
  class RoundTrip {
    @Test
    void everyCatalogueMessageSurvivesTheTrip() {
      int checked = 0;
      for (Class<?> type : InkzeeCatalogue.get().messages().values()) {
        @SuppressWarnings("unchecked")
        Record sample = SampleMessages.of((Class<? extends Record>) type);
        assertThat(roundTrip(sample))
            .as(type.getName())
            .usingRecursiveComparison()
            .isEqualTo(sample);
        checked++;
      }
      assertThat(checked).isGreaterThan(50);
    }

    @Test
    void everyFieldTypeSurvivesTheTrip() {
      AllFieldTypes.Everything sample = SampleMessages.of(AllFieldTypes.Everything.class);
      assertThat(roundTrip(sample)).usingRecursiveComparison().isEqualTo(sample);
    }

    @Test
    void extremeValuesSurvive() {
      AllFieldTypes.Leaf leaf =
          new AllFieldTypes.Leaf(
              "tab\t cr\r lf\n <&> \"' é 🦊", Instant.parse("1969-12-31T23:59:59.999999Z"));
      assertThat(roundTrip(leaf)).isEqualTo(leaf);
      var e =
          new AllFieldTypes.Everything(
              true,
              null,
              Integer.MIN_VALUE,
              Integer.MAX_VALUE,
              Long.MIN_VALUE,
              Long.MAX_VALUE,
              -0.0,
              1e300,
              Float.MIN_VALUE,
              null,
              "",
              new byte[] {0, -1, 127},
              Instant.EPOCH,
              AllFieldTypes.Mood.BORED,
              null,
              null,
              List.of(""),
              List.of(1L << 40, -1L),
              List.of(),
              List.of(),
              List.of(new byte[0]),
              List.of(Instant.parse("9999-12-31T23:59:59.999999Z")),
              List.of(List.of(), List.of(1, 2)),
              null);
      assertThat(roundTrip(e)).usingRecursiveComparison().isEqualTo(e);
    }
  }

  @Nested
  class Writing {
    @Test
    void longsThatFitAreI4OthersI8() {
      String xml = new String(XmlRpcWriter.response(List.of(5L, 1L << 40)), StandardCharsets.UTF_8);
      assertThat(xml).contains("<i4>5</i4>").contains("<i8>1099511627776</i8>");
    }

    @Test
    void i8AndNilAreSpeltInApachesNamespaceForCallersThatUseIt() {
      List<Object> values = java.util.Arrays.asList(5L, 1L << 40, null, Map.of("f", -1L << 40));
      String bare = new String(XmlRpcWriter.response(values), StandardCharsets.UTF_8);
      assertThat(bare)
          .contains("<methodResponse><params>")
          .contains("<i8>1099511627776</i8>")
          .contains("<nil/>")
          .doesNotContain("ex:");
      byte[] apache = XmlRpcWriter.response(values, ExtensionStyle.APACHE);
      assertThat(new String(apache, StandardCharsets.UTF_8))
          .contains(
              "<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">")
          .contains("<i4>5</i4>")
          .contains("<ex:i8>1099511627776</ex:i8>")
          .contains("<ex:nil/>")
          .contains("<ex:i8>-1099511627776</ex:i8>")
          .doesNotContain("<i8>")
          .doesNotContain("<nil/>");
      assertThat(parser.parseResponse(apache).value())
          .isEqualTo(java.util.Arrays.asList(5, 1L << 40, null, Map.of("f", -1L << 40)));
    }

    @Test
    void nullFieldsAreLeftOutAndEnumsAreNames() {
      var leaf = new AllFieldTypes.Leaf(null, null);
      String xml = new String(XmlRpcWriter.response(leaf), StandardCharsets.UTF_8);
      assertThat(xml).contains("<struct></struct>");
      assertThat(new String(XmlRpcWriter.response(AllFieldTypes.Mood.CALM), StandardCharsets.UTF_8))
          .contains("<string>CALM</string>");
    }

    @Test
    void doublesHaveNoExponentAndControlCharactersAreReplaced() {
      String xml =
          new String(
              XmlRpcWriter.response(List.of(1e-7, 1e20, "a\u0001b")), StandardCharsets.UTF_8);
      assertThat(xml)
          .contains("<double>0.0000001</double>")
          .doesNotContain("E")
          .contains("<double>100000000000000000000.0</double>")
          .contains("a\uFFFDb");
    }

    @Test
    void instantsOutsideTheFourDigitYearsAreRefused() {
      assertThatThrownBy(() -> XmlRpcWriter.response(Instant.parse("+10000-01-01T00:00:00Z")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot carry");
    }

    @Test
    void datesAreUtcWithMicrosecondsOnlyWhenPresent() {
      assertThat(DateTimes.format(Instant.parse("2026-01-26T14:08:55Z")))
          .isEqualTo("20260126T14:08:55");
      assertThat(DateTimes.format(Instant.parse("2026-01-26T14:08:55.120300Z")))
          .isEqualTo("20260126T14:08:55.120300");
      assertThat(DateTimes.parse("2026-01-26T16:08:55+02:00"))
          .isEqualTo(Instant.parse("2026-01-26T14:08:55Z"));
      assertThat(DateTimes.parse("20260126T14:08:55Z"))
          .isEqualTo(Instant.parse("2026-01-26T14:08:55Z"));
      assertThat(DateTimes.parse("20260126T140855-0130"))
          .isEqualTo(Instant.parse("2026-01-26T15:38:55Z"));
    }
  }

  @Nested
  class Binding {
    private Object bind(Map<String, Object> struct, Class<?> type) {
      return ValueMapper.toRecord(struct, type, type.getSimpleName());
    }

    @Test
    void absentMembersAreNullZeroOrEmptyAndUnknownMembersAreIgnored() {
      Map<String, Object> s = new HashMap<>();
      s.put("small", 3);
      s.put("notAField", "ignored");
      s.put("boxedBig", null);
      var e = (AllFieldTypes.Everything) bind(s, AllFieldTypes.Everything.class);
      assertThat(e.small()).isEqualTo(3);
      assertThat(e.big()).isZero();
      assertThat(e.boxedBig()).isNull();
      assertThat(e.text()).isNull();
      assertThat(e.texts()).isEmpty();
    }

    @Test
    void intFillsLongAndDoubleFieldsAndI8FillsIntWhenItFits() {
      var e =
          (AllFieldTypes.Everything)
              bind(Map.of("big", 7, "ratio", 2, "small", 9L), AllFieldTypes.Everything.class);
      assertThat(e.big()).isEqualTo(7L);
      assertThat(e.ratio()).isEqualTo(2.0);
      assertThat(e.small()).isEqualTo(9);
    }

    @Test
    void wrongTypesAreFaultsNamingTheFieldPath() {
      assertInvalid(Map.of("small", "3"), "Everything.small: wants int, got string");
      assertInvalid(Map.of("small", 1L << 40), "Everything.small: wants int, got i8");
      assertInvalid(Map.of("mood", "HAPPY"), "\"HAPPY\" is not one of CALM, ANGRY, BORED");
      assertInvalid(Map.of("mood", 1), "wants string (one of CALM, ANGRY, BORED)");
      assertInvalid(Map.of("leaf", List.of()), "Everything.leaf: wants struct Leaf, got array");
      assertInvalid(Map.of("at", "2026-01-01"), "wants dateTime.iso8601, got string");
      assertInvalid(Map.of("blob", "AAAA"), "wants base64, got string");
      assertInvalid(Map.of("flag", 1), "wants boolean, got int");
      assertInvalid(Map.of("numbers", List.of(1, "x")), "Everything.numbers[1]: wants i8");
      List<Object> withNil = new ArrayList<>();
      withNil.add(null);
      assertInvalid(Map.of("texts", withNil), "Everything.texts[0]: array elements may not be nil");
      assertInvalid(
          Map.of("leaves", List.of(Map.of("at", 5))), "Everything.leaves[0].at: wants dateTime");
    }

    @Test
    void constructorValidationIsAnInvalidArgument() {
      assertThatThrownBy(() -> bind(Map.of("url", "http://x"), AllFieldTypes.Validated.class))
          .isInstanceOfSatisfying(
              XmlRpcFault.class, f -> assertThat(f.status()).isEqualTo(Status.INVALID_ARGUMENT))
          .hasMessageContaining("url must be https");
    }

    @Test
    void catalogueRequestsBindFromPlainStructs() {
      RiverRequest r = (RiverRequest) bind(Map.of("userId", 42, "limit", 10), RiverRequest.class);
      assertThat(r.userId()).isEqualTo(42L);
      assertThat(r.limit()).isEqualTo(10);
    }

    private void assertInvalid(Map<String, Object> struct, String message) {
      assertThatThrownBy(() -> bind(struct, AllFieldTypes.Everything.class))
          .isInstanceOfSatisfying(
              XmlRpcFault.class, f -> assertThat(f.status()).isEqualTo(Status.INVALID_ARGUMENT))
          .hasMessageContaining(message);
    }
  }
}
