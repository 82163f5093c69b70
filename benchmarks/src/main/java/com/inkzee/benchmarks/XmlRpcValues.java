package com.inkzee.benchmarks;

import com.inkzee.benchmarks.BenchMessages.BenchEntry;
import com.inkzee.benchmarks.BenchMessages.RiverPage;
import com.inkzee.benchmarks.BenchMessages.RiverRequest;
import com.inkzee.benchmarks.BenchMessages.SmallRequest;
import com.inkzee.benchmarks.BenchMessages.SmallResponse;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark messages as plain XML-RPC values (a {@code struct} per record, an {@code array} per
 * list, {@code dateTime.iso8601} per instant), the way an XML-RPC service of the original system
 * carried them, and back.
 *
 * <p>What XML-RPC cannot carry is mapped as such a service would: 64-bit ids travel as {@code i4}
 * (plain XML-RPC has no wider integer; {@code i8} is an extension Apache's client only sends with
 * its unsafe extensions on), so an id beyond 32 bits is refused here; instants lose their fraction
 * of a second ({@code dateTime.iso8601} has none).
 */
final class XmlRpcValues {
  private XmlRpcValues() {}

  /** The XML-RPC value of a benchmark message: a struct of its fields. */
  static Map<String, Object> toXmlRpc(Object message) {
    Map<String, Object> s = new HashMap<>();
    if (message instanceof SmallRequest r) {
      s.put("userId", id(r.userId()));
      s.put("feedUrl", r.feedUrl());
      s.put("limit", r.limit());
    } else if (message instanceof SmallResponse r) {
      s.put("userId", id(r.userId()));
      s.put("feedUrl", r.feedUrl());
      s.put("unread", r.unread());
    } else if (message instanceof RiverRequest r) {
      s.put("userId", id(r.userId()));
      s.put("page", r.page());
      s.put("pageSize", r.pageSize());
    } else if (message instanceof RiverPage p) {
      s.put("userId", id(p.userId()));
      s.put("page", p.page());
      Object[] entries = new Object[p.entries().size()];
      for (int i = 0; i < entries.length; i++) {
        entries[i] = entry(p.entries().get(i));
      }
      s.put("entries", entries);
      s.put("nextCursor", p.nextCursor());
    } else {
      throw new IllegalArgumentException("not a benchmark message: " + message);
    }
    return s;
  }

  private static Map<String, Object> entry(BenchEntry e) {
    Map<String, Object> s = new HashMap<>();
    s.put("title", e.title());
    s.put("url", e.url());
    s.put("feedTitle", e.feedTitle());
    s.put("author", e.author());
    s.put("summary", e.summary());
    // dateTime.iso8601 has whole seconds only.
    s.put("publishedAt", Date.from(e.publishedAt().truncatedTo(ChronoUnit.SECONDS)));
    s.put("score", e.score());
    s.put("categories", e.categories().toArray());
    return s;
  }

  /**
   * Reads a benchmark message of {@code type} from the XML-RPC value a parser produced (structs as
   * maps, arrays as {@code Object[]}, dates as {@link Date}).
   *
   * @throws IllegalArgumentException when the value does not have that message's shape
   */
  static <T> T fromXmlRpc(Object value, Class<T> type) {
    Map<?, ?> s = struct(value, type.getSimpleName());
    Object message;
    if (type == SmallRequest.class) {
      message = new SmallRequest(integer(s, "userId"), string(s, "feedUrl"), integer(s, "limit"));
    } else if (type == SmallResponse.class) {
      message = new SmallResponse(integer(s, "userId"), string(s, "feedUrl"), integer(s, "unread"));
    } else if (type == RiverRequest.class) {
      message = new RiverRequest(integer(s, "userId"), integer(s, "page"), integer(s, "pageSize"));
    } else if (type == RiverPage.class) {
      List<BenchEntry> entries = new ArrayList<>();
      for (Object e : array(s, "entries")) {
        entries.add(entry(struct(e, "BenchEntry")));
      }
      message =
          new RiverPage(
              integer(s, "userId"),
              integer(s, "page"),
              List.copyOf(entries),
              string(s, "nextCursor"));
    } else {
      throw new IllegalArgumentException("not a benchmark message type: " + type);
    }
    return type.cast(message);
  }

  private static BenchEntry entry(Map<?, ?> s) {
    List<String> categories = new ArrayList<>();
    for (Object c : array(s, "categories")) {
      categories.add((String) c);
    }
    return new BenchEntry(
        string(s, "title"),
        string(s, "url"),
        string(s, "feedTitle"),
        string(s, "author"),
        string(s, "summary"),
        field(s, "publishedAt", Date.class).toInstant(),
        field(s, "score", Double.class),
        List.copyOf(categories));
  }

  private static int id(long id) {
    if (id != (int) id) {
      throw new IllegalArgumentException("id " + id + " does not fit XML-RPC's 32-bit i4");
    }
    return (int) id;
  }

  private static Map<?, ?> struct(Object value, String what) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(what + " must be a struct, got " + value);
    }
    return map;
  }

  private static Object[] array(Map<?, ?> s, String name) {
    return field(s, name, Object[].class);
  }

  private static String string(Map<?, ?> s, String name) {
    return field(s, name, String.class);
  }

  private static int integer(Map<?, ?> s, String name) {
    return field(s, name, Integer.class);
  }

  private static <V> V field(Map<?, ?> s, String name, Class<V> type) {
    Object v = s.get(name);
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(
          "member " + name + " must be " + type.getSimpleName() + ", got " + v);
    }
    return type.cast(v);
  }
}
