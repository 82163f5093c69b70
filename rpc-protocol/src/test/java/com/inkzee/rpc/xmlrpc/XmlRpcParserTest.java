package com.inkzee.rpc.xmlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.inkzee.rpc.status.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRpcParserTest {
  private final XmlRpcParser parser = new XmlRpcParser(64);

  private MethodCall call(String xml) {
    return parser.parseCall(xml.getBytes(StandardCharsets.UTF_8));
  }

  private Object param(String valueXml) {
    return call("<methodCall><methodName>m</methodName><params><param>"
            + valueXml
            + "</param></params></methodCall>")
        .params()
        .get(0);
  }

  private void assertFault(String xml, String messagePart) {
    assertThatThrownBy(() -> call(xml))
        .isInstanceOfSatisfying(
            XmlRpcFault.class, f -> assertThat(f.status()).isEqualTo(Status.INVALID_ARGUMENT))
        .hasMessageContaining(messagePart);
  }

  @Nested
  class Types {
    @Test
    void readsEveryScalarType() {
      assertThat(param("<value><i4>-12</i4></value>")).isEqualTo(-12);
      assertThat(param("<value><int>+7</int></value>")).isEqualTo(7);
      assertThat(param("<value><i8>9000000000</i8></value>")).isEqualTo(9_000_000_000L);
      assertThat(param("<value><boolean>1</boolean></value>")).isEqualTo(true);
      assertThat(param("<value><boolean>0</boolean></value>")).isEqualTo(false);
      assertThat(param("<value><string> a &amp; b </string></value>")).isEqualTo(" a & b ");
      assertThat(param("<value><double>-1.5</double></value>")).isEqualTo(-1.5);
      assertThat(param("<value><double>1e-7</double></value>")).isEqualTo(1e-7);
      assertThat(param("<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>"))
          .isEqualTo(Instant.parse("1998-07-17T14:08:55Z"));
      assertThat((byte[]) param("<value><base64>aGVs\nbG8=</base64></value>"))
          .isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(param("<value><nil/></value>")).isNull();
    }

    @Test
    void untypedValueIsAStringWithItsWhitespace() {
      assertThat(param("<value>  plain text </value>")).isEqualTo("  plain text ");
      assertThat(param("<value></value>")).isEqualTo("");
      assertThat(param("<value><![CDATA[<x>]]> y</value>")).isEqualTo("<x> y");
    }

    @Test
    void readsNestedStructsAndArraysInOrder() {
      Object v =
          param(
              "<value><struct>"
                  + "<member><name>b</name><value><array><data>"
                  + "<value><i4>1</i4></value><value>two</value>"
                  + "</data></array></value></member>"
                  + "<member><name>a</name><value><struct/></value></member>"
                  + "</struct></value>");
      assertThat(v).isEqualTo(Map.of("b", List.of(1, "two"), "a", Map.of()));
      assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("b", "a"));
    }

    @Test
    void readsApacheNamespacedExtensions() {
      String ns = "xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
      MethodCall c =
          call(
              "<methodCall "
                  + ns
                  + "><methodName>m</methodName><params>"
                  + "<param><value><ex:i8>5</ex:i8></value></param>"
                  + "<param><value><ex:nil/></value></param></params></methodCall>");
      assertThat(c.params()).containsExactly(5L, null);
      assertThat(c.extensionStyle()).isEqualTo(ExtensionStyle.APACHE);
    }

    @Test
    void notesWhetherTheCallerSpeaksApachesExtensionsNamespace() {
      String ns = "\"http://ws.apache.org/xmlrpc/namespaces/extensions\"";
      // Apache's client with its extensions on declares the namespace even when it sends no
      // extension type; its answer must then spell i8 and nil in that namespace to be read.
      assertThat(
              call("<methodCall xmlns:ex=" + ns + "><methodName>m</methodName></methodCall>")
                  .extensionStyle())
          .isEqualTo(ExtensionStyle.APACHE);
      assertThat(
              call("<methodCall><methodName>m</methodName><params><param><value>"
                      + "<x:nil xmlns:x="
                      + ns
                      + "/></value></param></params></methodCall>")
                  .extensionStyle())
          .as("declared where it is used, under another prefix")
          .isEqualTo(ExtensionStyle.APACHE);
      assertThat(
              call("<methodCall><methodName>m</methodName><params><param><value><i8>5</i8>"
                      + "</value></param></params></methodCall>")
                  .extensionStyle())
          .isEqualTo(ExtensionStyle.BARE);
      assertThat(
              call("<methodCall xmlns:ex=\"urn:other\"><methodName>m</methodName></methodCall>")
                  .extensionStyle())
          .isEqualTo(ExtensionStyle.BARE);
    }

    @Test
    void acceptsACallWithoutParamsAndAProlog() {
      MethodCall c =
          call(
              "<?xml version=\"1.0\"?>\n<!-- c --><methodCall>\n <methodName> system.listMethods"
                  + " </methodName>\n</methodCall>\n");
      assertThat(c.methodName()).isEqualTo("system.listMethods");
      assertThat(c.params()).isEmpty();
    }

    @Test
    void readsResponsesAndFaults() {
      MethodResponse ok = parser.parseResponse(XmlRpcWriter.response(Map.of("x", 1)));
      assertThat(ok.value()).isEqualTo(Map.of("x", 1));
      MethodResponse fault =
          parser.parseResponse(XmlRpcWriter.fault(new XmlRpcFault(Status.NOT_FOUND, "no user 7")));
      assertThat(fault.faultCode()).isEqualTo(2);
      assertThat(fault.faultString()).isEqualTo("NOT_FOUND: no user 7");
    }
  }

  @Nested
  class Hostile {
    @Test
    void refusesADoctype() {
      assertFault(
          "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ELEMENT methodCall ANY>]>"
              + "<methodCall><methodName>m</methodName></methodCall>",
          "DOCTYPE");
    }

    @Test
    void neverReadsAnExternalEntity(@TempDir Path dir) throws Exception {
      Path secret = dir.resolve("secret.txt");
      Files.writeString(secret, "TOP-SECRET");
      String xml =
          "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY xxe SYSTEM \""
              + secret.toUri()
              + "\">]><methodCall><methodName>&xxe;</methodName></methodCall>";
      assertThatThrownBy(() -> call(xml))
          .isInstanceOf(XmlRpcFault.class)
          .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void refusesEntityExpansion() {
      assertFault(
          "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>"
              + "<methodCall><methodName>&lol2;</methodName></methodCall>",
          "DOCTYPE");
    }

    @Test
    void refusesAnUndeclaredEntity() {
      assertFault("<methodCall><methodName>&nope;</methodName></methodCall>", "not well-formed");
    }

    @Test
    void refusesADepthBombBeforeDescending() {
      String deep =
          "<value><array><data>".repeat(100_000) + "</data></array></value>".repeat(100_000);
      assertFault(
          "<methodCall><methodName>m</methodName><params><param>"
              + deep
              + "</param></params></methodCall>",
          "nested deeper than the limit of 64");
    }

    @Test
    void refusesBadScalars() {
      assertFault(valueCall("<i4>2147483648</i4>"), "out of the 32-bit range");
      assertFault(valueCall("<i4>12abc</i4>"), "bad <i4>");
      assertFault(valueCall("<i8>99999999999999999999</i8>"), "64-bit range");
      assertFault(valueCall("<boolean>yes</boolean>"), "bad <boolean>");
      assertFault(valueCall("<double>NaN</double>"), "bad <double>");
      assertFault(valueCall("<double>0x1p3</double>"), "bad <double>");
      assertFault(valueCall("<base64>!!!</base64>"), "bad <base64>");
      assertFault(valueCall("<dateTime.iso8601>yesterday</dateTime.iso8601>"), "bad <dateTime");
      assertFault(valueCall("<dateTime.iso8601>20261345T25:00:00</dateTime.iso8601>"), "bad");
      assertFault(valueCall("<float>1</float>"), "unknown XML-RPC type <float>");
      assertFault(valueCall("<nil>x</nil>"), "unexpected text");
    }

    @Test
    void refusesMalformedStructure() {
      assertFault(
          valueCall(
              "<struct><member><name>a</name><value>1</value></member>"
                  + "<member><name>a</name><value>2</value></member></struct>"),
          "given twice");
      assertFault(valueCall("text<i4>1</i4>"), "mixed");
      assertFault("<methodCall><methodName></methodName></methodCall>", "empty methodName");
      assertFault("<methodResponse/>", "expected <methodCall>");
      assertFault("<methodCall><methodName>m</methodName></methodCall><x/>", "not well-formed");
      assertFault("not xml at all", "not well-formed");
      assertFault("", "");
      assertFault("<methodCall><methodName>m</methodName>", "not well-formed");
    }

    /**
     * A long run of digits that is not a double used to be backtracked over quadratically by the
     * double's regular expression (40,000 digits and an "x": 14 s, before any dispatch); 100,000
     * took minutes. Refused now at once, by length, and a bad one of the longest length quickly.
     */
    @Test
    void aLongDoubleIsRefusedWithoutBacktracking() {
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            assertFault(
                valueCall("<double>" + "1".repeat(100_000) + "x</double>"),
                "<double> value longer than 1100 characters");
            assertFault(valueCall("<double>" + "1".repeat(1000) + "x</double>"), "bad <double>");
            assertFault(valueCall("<double>" + "1".repeat(1000) + "e</double>"), "bad <double>");
          });
    }

    @Test
    void doublesAreReadInTheirFormsAndRange() {
      assertThat(param("<value><double>5.</double></value>")).isEqualTo(5.0);
      assertThat(param("<value><double>.5</double></value>")).isEqualTo(0.5);
      assertThat(param("<value><double>+2.5E+3</double></value>")).isEqualTo(2500.0);
      assertThat(param("<value><double>1e-400</double></value>")).isEqualTo(0.0);
      // The longest plain forms of a double: as this server writes it, and written out exactly.
      for (java.math.BigDecimal smallest :
          List.of(
              java.math.BigDecimal.valueOf(Double.MIN_VALUE),
              new java.math.BigDecimal(Double.MIN_VALUE),
              new java.math.BigDecimal(Math.nextDown(Double.MIN_NORMAL)).negate())) {
        assertThat(param("<value><double>" + smallest.toPlainString() + "</double></value>"))
            .isEqualTo(smallest.doubleValue());
      }
      assertThat(param("<value><double>-" + "9".repeat(308) + "</double></value>"))
          .isEqualTo(-1e308);
      // Past the double range: Infinity used to be read, a value the server cannot write back.
      assertFault(valueCall("<double>1e400</double>"), "out of the double range");
      assertFault(
          valueCall("<double>-" + "9".repeat(400) + "</double>"), "out of the double range");
      for (String bad : List.of(".", "+", "1e", "1e+", "e5", "1.2.3", "--1", "1d", "Infinity")) {
        assertFault(valueCall("<double>" + bad + "</double>"), "bad <double>");
      }
    }

    /**
     * An offset can move a value written in years 0000..9999 outside them in UTC: it used to be
     * read, stored, and then fail (fault 8) every answer that had to write it back.
     */
    @Test
    void aDateTimeOutsideTheWritableYearsInUtcIsRefused() {
      assertFault(
          valueCall("<dateTime.iso8601>00000101T00:00:00+01:00</dateTime.iso8601>"),
          "outside the years 0000..9999");
      assertFault(
          valueCall("<dateTime.iso8601>99991231T23:59:59-05:00</dateTime.iso8601>"),
          "outside the years 0000..9999");
      for (String edge : List.of("00000101T00:00:00", "99991231T23:59:59.999999")) {
        Instant t =
            (Instant) param("<value><dateTime.iso8601>" + edge + "</dateTime.iso8601></value>");
        assertThat(DateTimes.format(t)).isEqualTo(edge);
      }
    }

    private String valueCall(String inner) {
      return "<methodCall><methodName>m</methodName><params><param><value>"
          + inner
          + "</value></param></params></methodCall>";
    }
  }
}
