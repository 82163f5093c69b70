package com.inkzee.rpc.xmlrpc;

import com.inkzee.rpc.status.Status;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code <methodResponse>} and {@code <methodCall>} documents (UTF-8) from Java values.
 *
 * <p>Mapping: Integer/Short/Byte → {@code <i4>}; Long → {@code <i4>} when it fits 32 bits, else
 * {@code <i8>} (so ids reach clients without the i8 extension as plain ints); Boolean → {@code
 * <boolean>}; String → {@code <string>}; Double/Float → {@code <double>} in plain decimal (no
 * exponent, as the spec asks); Instant → {@code <dateTime.iso8601>} ({@link DateTimes}); byte[] →
 * {@code <base64>}; an enum → its constant's name as {@code <string>}; a record → {@code <struct>}
 * of its non-null components by name (null fields are left out: absent means null); a Map → {@code
 * <struct>}; a List → {@code <array>}; null elsewhere → {@code <nil/>}.
 *
 * <p>{@code <i8>} and {@code <nil/>} are not in the spec, and clients read them under different
 * names: a response is written in the {@link ExtensionStyle} its call used (Apache's client reads
 * only {@code <ex:i8>}, {@code <ex:nil/>}).
 *
 * <p>Characters XML 1.0 cannot carry (most C0 controls, unpaired surrogates) are written as U+FFFD,
 * because no XML-RPC peer could parse them.
 */
public final class XmlRpcWriter {
  private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private XmlRpcWriter() {}

  /** A response with extension types spelt bare ({@link ExtensionStyle#BARE}). */
  public static byte[] response(Object value) {
    return response(value, ExtensionStyle.BARE);
  }

  /** A response with extension types spelt in {@code style}, the style of the call it answers. */
  public static byte[] response(Object value, ExtensionStyle style) {
    return response(value, style, Integer.MAX_VALUE);
  }

  /**
   * A response of at most {@code maxBytes} UTF-8 bytes.
   *
   * @throws XmlRpcFault RESOURCE_EXHAUSTED when it would be larger; writing stops as soon as the
   *     characters written pass the limit (each is at least a byte), so a huge answer is never
   *     built whole
   */
  static byte[] response(Object value, ExtensionStyle style, int maxBytes) {
    StringBuilder out = new StringBuilder(256).append(PROLOG);
    out.append("<methodResponse");
    if (style == ExtensionStyle.APACHE) {
      out.append(" xmlns:ex=\"").append(ExtensionStyle.APACHE_NAMESPACE).append('"');
    }
    out.append("><params><param>");
    value(out, value, style, maxBytes);
    out.append("</param></params></methodResponse>");
    byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return bytes;
  }

  private static XmlRpcFault tooLarge(int maxBytes) {
    return new XmlRpcFault(
        Status.RESOURCE_EXHAUSTED,
        "the answer exceeds the limit of " + maxBytes + " bytes; ask for less at a time");
  }

  /**
   * One {@code <value>} already written, in the style of the call it answers, with its size in
   * UTF-8 bytes: a multicall writes each result as it comes, to count what the answer will take.
   */
  record Encoded(String xml, long bytes) {}

  /**
   * {@code v} as one {@code <value>} of at most {@code maxBytes} UTF-8 bytes.
   *
   * @throws XmlRpcFault RESOURCE_EXHAUSTED when it would be larger
   */
  static Encoded encoded(Object v, ExtensionStyle style, long maxBytes) {
    int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE);
    StringBuilder out = new StringBuilder(64);
    value(out, v, style, limit);
    long bytes = utf8Length(out);
    if (bytes > maxBytes) {
      throw tooLarge(limit);
    }
    return new Encoded(out.toString(), bytes);
  }

  private static long utf8Length(CharSequence s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  public static byte[] fault(XmlRpcFault fault) {
    return fault(fault.faultCode(), fault.faultString());
  }

  public static byte[] fault(int code, String string) {
    StringBuilder out = new StringBuilder(256).append(PROLOG);
    out.append("<methodResponse><fault>");
    value(out, faultStruct(code, string), ExtensionStyle.BARE); // an int and a string
    out.append("</fault></methodResponse>");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code {faultCode, faultString}} struct, also an element of a multicall's result. */
  static Map<String, Object> faultStruct(int code, String string) {
    Map<String, Object> struct = new java.util.LinkedHashMap<>();
    struct.put("faultCode", code);
    struct.put("faultString", string);
    return struct;
  }

  public static byte[] call(String methodName, List<?> params) {
    StringBuilder out = new StringBuilder(256).append(PROLOG);
    out.append("<methodCall><methodName>");
    text(out, methodName);
    out.append("</methodName><params>");
    for (Object p : params) {
      out.append("<param>");
      value(out, p, ExtensionStyle.BARE);
      out.append("</param>");
    }
    out.append("</params></methodCall>");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void value(StringBuilder out, Object v, ExtensionStyle style) {
    value(out, v, style, Integer.MAX_VALUE);
  }

  /** Writes {@code v}; past {@code limit} characters in {@code out}, stops with tooLarge. */
  private static void value(StringBuilder out, Object v, ExtensionStyle style, int limit) {
    if (v instanceof Encoded e) {
      out.append(e.xml());
      if (out.length() > limit) {
        throw tooLarge(limit);
      }
      return;
    }
    String ex = style == ExtensionStyle.APACHE ? "ex:" : "";
    out.append("<value>");
    if (v == null) {
      out.append('<').append(ex).append("nil/>");
    } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.append("<i4>").append(((Number) v).intValue()).append("</i4>");
    } else if (v instanceof Long l) {
      if (l == l.intValue()) {
        out.append("<i4>").append(l).append("</i4>");
      } else {
        out.append('<').append(ex).append("i8>").append(l).append("</").append(ex).append("i8>");
      }
    } else if (v instanceof Boolean b) {
      out.append("<boolean>").append(b ? '1' : '0').append("</boolean>");
    } else if (v instanceof String s) {
      out.append("<string>");
      text(out, s);
      out.append("</string>");
    } else if (v instanceof Double || v instanceof Float) {
      out.append("<double>").append(decimal(((Number) v).doubleValue())).append("</double>");
    } else if (v instanceof Instant t) {
      out.append("<dateTime.iso8601>").append(DateTimes.format(t)).append("</dateTime.iso8601>");
    } else if (v instanceof byte[] bytes) {
      out.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
    } else if (v instanceof Enum<?> e) {
      out.append("<string>").append(e.name()).append("</string>");
    } else if (v instanceof Record r) {
      out.append("<struct>");
      for (RecordShape.Component c : RecordShape.of(r.getClass()).components()) {
        Object field = c.get(r);
        if (field != null) {
          member(out, c.name(), field, style, limit);
        }
      }
      out.append("</struct>");
    } else if (v instanceof Map<?, ?> m) {
      out.append("<struct>");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        member(out, String.valueOf(e.getKey()), e.getValue(), style, limit);
      }
      out.append("</struct>");
    } else if (v instanceof List<?> list) {
      out.append("<array><data>");
      for (Object element : list) {
        value(out, element, style, limit);
      }
      out.append("</data></array>");
    } else {
      throw new IllegalArgumentException("no XML-RPC type for " + v.getClass().getName());
    }
    out.append("</value>");
    if (out.length() > limit) {
      throw tooLarge(limit); // checked after every value: a large answer stops about here
    }
  }

  private static void member(
      StringBuilder out, String name, Object value, ExtensionStyle style, int limit) {
    out.append("<member><name>");
    text(out, name);
    out.append("</name>");
    value(out, value, style, limit);
    out.append("</member>");
  }

  /** Plain decimal: the spec's double has no exponent. NaN and infinities have no XML-RPC form. */
  private static String decimal(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("XML-RPC cannot carry the double " + d);
    }
    String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return plain.indexOf('.') < 0 ? plain + ".0" : plain;
  }

  private static void text(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\r' -> out.append("&#13;"); // a raw CR would be normalised to LF by the reader
        case '\t', '\n' -> out.append(c);
        default -> {
          if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
