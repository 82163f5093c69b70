package com.inkzee.rpc.xmlrpc;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * Reads {@code <methodCall>} and {@code <methodResponse>} documents with StAX, refusing anything
 * that could make the parser read files or the network, or grow without bound.
 *
 * <p>XML-RPC types become Java values: {@code i4}/{@code int} → Integer, {@code i8} → Long, {@code
 * boolean} → Boolean, {@code string} and an untyped value → String, {@code double} → Double, {@code
 * dateTime.iso8601} → Instant ({@link DateTimes}), {@code base64} → byte[], {@code struct} → {@code
 * Map<String, Object>} in document order, {@code array} → {@code List<Object>}, {@code nil} → null.
 * Type names are matched by local name, so Apache XML-RPC's namespaced extensions ({@code <ex:i8>},
 * {@code <ex:nil>}) read the same; a call that declares or uses Apache's extensions namespace is
 * marked {@link ExtensionStyle#APACHE}, so that its answer is spelt in it too.
 *
 * <p>Safety: a DOCTYPE is refused outright (no DTD, so no entity expansion and no XXE); external
 * entities and DTD access are off in the factory as a second fence; element nesting deeper than
 * {@code maxDepth} is refused before it is descended into; the input itself is bounded by the HTTP
 * layer's body limit. Every problem is an {@link XmlRpcFault} with INVALID_ARGUMENT.
 */
public final class XmlRpcParser {
  // Linear: one way to match, so a failing input backtracks at most once per digit.
  private static final Pattern INT = Pattern.compile("[+-]?[0-9]+");

  /**
   * The longest {@code <double>} accepted: room for any double in plain decimal (as the spec
   * wants), even written out exactly (a subnormal's exact expansion takes up to 1077 characters;
   * this server writes the shortest form, at most about 330), and a bound on the work a hostile
   * literal can cause.
   */
  static final int MAX_DOUBLE_CHARS = 1100;

  private final XMLInputFactory factory;
  private final int maxDepth;

  /**
   * @param maxDepth deepest element nesting accepted, counted from {@code <methodCall>} (a struct
   *     inside an array inside a param is 8 deep); protects the recursive descent's stack
   */
  public XmlRpcParser(int maxDepth) {
    if (maxDepth < 8) {
      throw new IllegalArgumentException("maxDepth must be at least 8: " + maxDepth);
    }
    this.maxDepth = maxDepth;
    this.factory = safeFactory();
  }

  private static XMLInputFactory safeFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // Only the five predefined entities and character references exist without a DTD.
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setXMLResolver(
        (publicId, systemId, base, ns) -> {
          throw new XMLStreamException("external resource refused: " + systemId);
        });
    trySet(f, XMLConstants.ACCESS_EXTERNAL_DTD, "");
    trySet(f, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  private static void trySet(XMLInputFactory f, String property, Object value) {
    try {
      f.setProperty(property, value);
    } catch (IllegalArgumentException e) {
      // Not every StAX implementation knows these; the DOCTYPE refusal below covers them.
    }
  }

  /** Parses a request body. */
  public MethodCall parseCall(byte[] body) {
    return parse(
        body,
        r -> {
          expectStart(r, "methodCall", 1);
          nextTag(r);
          expectStart(r, "methodName", 2);
          String name = r.getElementText().trim();
          if (name.isEmpty()) {
            throw XmlRpcFault.invalid("empty methodName");
          }
          List<Object> params = new ArrayList<>();
          int tag = nextTag(r);
          if (tag == XMLStreamConstants.START_ELEMENT) {
            expectStart(r, "params", 2);
            params = readParams(r);
            nextTag(r);
          }
          expectEnd(r, "methodCall");
          return new MethodCall(name, params, r.style());
        });
  }

  /** Parses a response body (clients and tests): the single result, or the fault as thrown. */
  public MethodResponse parseResponse(byte[] body) {
    return parse(
        body,
        r -> {
          expectStart(r, "methodResponse", 1);
          nextTag(r);
          MethodResponse out;
          if ("fault".equals(r.getLocalName())) {
            nextTag(r);
            Object fault = readValue(r, 3);
            nextTag(r);
            expectEnd(r, "fault");
            if (!(fault instanceof Map<?, ?> m)
                || !(m.get("faultCode") instanceof Integer code)
                || !(m.get("faultString") instanceof String text)) {
              throw XmlRpcFault.invalid("fault is not a struct of faultCode and faultString");
            }
            out = MethodResponse.fault(code, text);
          } else {
            expectStart(r, "params", 2);
            List<Object> params = readParams(r);
            if (params.size() != 1) {
              throw XmlRpcFault.invalid("a response has exactly one param, not " + params.size());
            }
            out = MethodResponse.value(params.get(0));
          }
          nextTag(r);
          expectEnd(r, "methodResponse");
          return out;
        });
  }

  private interface Body<T> {
    T read(ExtensionsWatch r) throws XMLStreamException;
  }

  /**
   * Notes whether any element of the document declares or is in Apache's extensions namespace:
   * Apache's client declares it on the document element whenever its extensions are on, and reads
   * extension types only in that namespace.
   */
  private static final class ExtensionsWatch extends StreamReaderDelegate {
    private boolean seen;

    ExtensionsWatch(XMLStreamReader reader) {
      super(reader);
    }

    @Override
    public int next() throws XMLStreamException {
      int event = super.next();
      if (event == XMLStreamConstants.START_ELEMENT && !seen) {
        seen = ExtensionStyle.APACHE_NAMESPACE.equals(getNamespaceURI());
        for (int i = 0; i < getNamespaceCount() && !seen; i++) {
          seen = ExtensionStyle.APACHE_NAMESPACE.equals(getNamespaceURI(i));
        }
      }
      return event;
    }

    ExtensionStyle style() {
      return seen ? ExtensionStyle.APACHE : ExtensionStyle.BARE;
    }
  }

  private <T> T parse(byte[] body, Body<T> reader) {
    XMLStreamReader r = null;
    try {
      ExtensionsWatch watch =
          new ExtensionsWatch(factory.createXMLStreamReader(new ByteArrayInputStream(body)));
      r = watch;
      // Skip the prolog: comments and processing instructions are allowed, a DOCTYPE is not.
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.DTD) {
          throw XmlRpcFault.invalid("DOCTYPE is not allowed in XML-RPC");
        }
        if (event == XMLStreamConstants.START_ELEMENT) {
          T result = reader.read(watch);
          while (r.hasNext()) {
            int trailing = r.next();
            if (trailing == XMLStreamConstants.START_ELEMENT
                || trailing == XMLStreamConstants.DTD) {
              throw XmlRpcFault.invalid("content after the document element");
            }
          }
          return result;
        }
      }
      throw XmlRpcFault.invalid("empty document");
    } catch (XMLStreamException e) {
      throw XmlRpcFault.invalid("not well-formed XML: " + oneLine(e.getMessage()));
    } catch (StackOverflowError e) {
      throw XmlRpcFault.invalid("document nested too deeply"); // depth check should come first
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing is held open: the input is an in-memory array
        }
      }
    }
  }

  private List<Object> readParams(XMLStreamReader r) throws XMLStreamException {
    List<Object> params = new ArrayList<>();
    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
      expectStart(r, "param", 3);
      nextTag(r);
      params.add(readValue(r, 4));
      nextTag(r);
      expectEnd(r, "param");
    }
    expectEnd(r, "params");
    return params;
  }

  /** Reads one {@code <value>} at {@code depth}; on return the reader is on its end tag. */
  private Object readValue(XMLStreamReader r, int depth) throws XMLStreamException {
    expectStart(r, "value", depth);
    StringBuilder text = new StringBuilder();
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            text.append(r.getText());
        case XMLStreamConstants.END_ELEMENT -> {
          return text.toString(); // untyped: a string, whitespace kept
        }
        case XMLStreamConstants.START_ELEMENT -> {
          if (!text.toString().isBlank()) {
            throw XmlRpcFault.invalid("text mixed with <" + r.getLocalName() + "> in a value");
          }
          Object value = readTyped(r, depth + 1);
          nextTag(r);
          expectEnd(r, "value");
          return value;
        }
        case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {}
        case XMLStreamConstants.ENTITY_REFERENCE ->
            throw XmlRpcFault.invalid("entity reference &" + r.getLocalName() + "; not allowed");
        default -> throw XmlRpcFault.invalid("unexpected XML event " + event + " in a value");
      }
    }
  }

  private Object readTyped(XMLStreamReader r, int depth) throws XMLStreamException {
    checkDepth(depth);
    String type = r.getLocalName();
    switch (type) {
      case "i4", "int", "i1", "i2" -> {
        return parseInt(text(r), type);
      }
      case "i8" -> {
        String s = text(r);
        if (!INT.matcher(s).matches()) {
          throw XmlRpcFault.invalid("bad <i8> value: " + quote(s));
        }
        try {
          return Long.parseLong(s);
        } catch (NumberFormatException e) {
          throw XmlRpcFault.invalid("<i8> value out of the 64-bit range: " + quote(s));
        }
      }
      case "boolean" -> {
        String s = text(r);
        return switch (s) {
          case "1", "true" -> Boolean.TRUE;
          case "0", "false" -> Boolean.FALSE;
          default -> throw XmlRpcFault.invalid("bad <boolean> value (0 or 1): " + quote(s));
        };
      }
      case "string" -> {
        return r.getElementText(); // whitespace is content
      }
      case "double" -> {
        return parseDouble(text(r));
      }
      case "dateTime.iso8601" -> {
        return DateTimes.parse(text(r));
      }
      case "base64" -> {
        String s = text(r).replaceAll("\\s+", "");
        try {
          return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
          throw XmlRpcFault.invalid("bad <base64> value: " + e.getMessage());
        }
      }
      case "nil" -> {
        if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
          throw XmlRpcFault.invalid("<nil/> must be empty");
        }
        return null;
      }
      case "struct" -> {
        return readStruct(r, depth);
      }
      case "array" -> {
        return readArray(r, depth);
      }
      default -> throw XmlRpcFault.invalid("unknown XML-RPC type <" + type + ">");
    }
  }

  private Map<String, Object> readStruct(XMLStreamReader r, int depth) throws XMLStreamException {
    Map<String, Object> struct = new LinkedHashMap<>();
    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
      expectStart(r, "member", depth + 1);
      nextTag(r);
      expectStart(r, "name", depth + 2);
      String name = r.getElementText();
      nextTag(r);
      Object value = readValue(r, depth + 2);
      if (struct.containsKey(name)) {
        throw XmlRpcFault.invalid("struct member " + quote(name) + " given twice");
      }
      struct.put(name, value);
      nextTag(r);
      expectEnd(r, "member");
    }
    expectEnd(r, "struct");
    return struct;
  }

  private List<Object> readArray(XMLStreamReader r, int depth) throws XMLStreamException {
    List<Object> array = new ArrayList<>();
    nextTag(r);
    expectStart(r, "data", depth + 1);
    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
      array.add(readValue(r, depth + 2));
    }
    expectEnd(r, "data");
    nextTag(r);
    expectEnd(r, "array");
    return array;
  }

  /**
   * A {@code <double>}: digits with an optional point and an optional exponent. The spec's double
   * has no exponent; clients that print one (1e-07) are common, so it is accepted, but not Java's
   * own extras (NaN, Infinity, hex, a trailing d/f), and not a value past the double range.
   *
   * <p>Checked by a scan rather than a regular expression: the one used before, {@code
   * [0-9]+\.?[0-9]*}, can split a run of digits between its two parts in as many ways as there are
   * digits, so 40,000 digits followed by an {@code x} took 14 s of backtracking, on any method.
   */
  private static Double parseDouble(String s) {
    if (s.length() > MAX_DOUBLE_CHARS) {
      throw XmlRpcFault.invalid(
          "<double> value longer than " + MAX_DOUBLE_CHARS + " characters: " + quote(s));
    }
    if (!isDecimal(s)) {
      throw XmlRpcFault.invalid("bad <double> value: " + quote(s));
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      throw XmlRpcFault.invalid("<double> value out of the double range: " + quote(s));
    }
    return d;
  }

  /** {@code [+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?}, in one pass. */
  static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static Integer parseInt(String s, String type) {
    if (!INT.matcher(s).matches()) {
      throw XmlRpcFault.invalid("bad <" + type + "> value: " + quote(s));
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw XmlRpcFault.invalid("<" + type + "> value out of the 32-bit range: " + quote(s));
    }
  }

  /** The element's text, trimmed; fails on child elements. */
  private static String text(XMLStreamReader r) throws XMLStreamException {
    return r.getElementText().trim();
  }

  private void checkDepth(int depth) {
    if (depth > maxDepth) {
      throw XmlRpcFault.invalid("elements nested deeper than the limit of " + maxDepth);
    }
  }

  private void expectStart(XMLStreamReader r, String name, int depth) {
    checkDepth(depth);
    if (r.getEventType() != XMLStreamConstants.START_ELEMENT || !name.equals(r.getLocalName())) {
      throw XmlRpcFault.invalid("expected <" + name + ">, found " + describe(r));
    }
  }

  private static void expectEnd(XMLStreamReader r, String name) {
    if (r.getEventType() != XMLStreamConstants.END_ELEMENT || !name.equals(r.getLocalName())) {
      throw XmlRpcFault.invalid("expected </" + name + ">, found " + describe(r));
    }
  }

  /** The next start or end tag, skipping whitespace, comments and processing instructions. */
  private static int nextTag(XMLStreamReader r) throws XMLStreamException {
    while (true) {
      int event = r.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT -> {
          return event;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (!r.isWhiteSpace() && !r.getText().isBlank()) {
            throw XmlRpcFault.invalid("unexpected text " + quote(r.getText()));
          }
        }
        case XMLStreamConstants.COMMENT, XMLStreamConstants.PROCESSING_INSTRUCTION -> {}
        case XMLStreamConstants.END_DOCUMENT -> throw XmlRpcFault.invalid("document ends early");
        default -> throw XmlRpcFault.invalid("unexpected XML event " + event);
      }
    }
  }

  private static String describe(XMLStreamReader r) {
    return switch (r.getEventType()) {
      case XMLStreamConstants.START_ELEMENT -> "<" + r.getLocalName() + ">";
      case XMLStreamConstants.END_ELEMENT -> "</" + r.getLocalName() + ">";
      default -> "XML event " + r.getEventType();
    };
  }

  static String quote(String s) {
    String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
    return "\"" + shown + "\"";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
