package com.inkzee.rpc.serial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list: one length-prefixed region holding the elements back to back, each in its own encoding.
 * The element count is never declared, so nothing is allocated ahead of the bytes.
 */
final class ListCodec extends ValueCodec {
  /** Largest initial capacity taken from the hint; longer lists grow as they are read. */
  private static final int MAX_SIZE_HINT = 1024;

  private final ValueCodec element;

  /** A nested message counts itself against the message's value budget; other elements do not. */
  private final boolean elementCountsItself;

  /** Bytes to reserve for the next length prefix, as in {@link NestedMessageCodec}. */
  private int prefixHint = 1;

  /**
   * Elements the last list read held: the next one's initial capacity, so a 50-entry page is not
   * grown three times. Only a hint (racy across threads, harmlessly), and never trusted beyond the
   * region's bytes, so a hostile peer cannot make it allocate ahead of what it sent.
   */
  private int sizeHint = 4;

  ValueCodec element() {
    return element;
  }

  ListCodec(ValueCodec element) {
    this.element = element;
    this.elementCountsItself = element instanceof NestedMessageCodec;
  }

  @Override
  WireType wireType() {
    return WireType.LEN;
  }

  @Override
  String schemaName() {
    return "list<" + element.elementSchemaName() + ">";
  }

  @Override
  Object absentValue() {
    return List.of();
  }

  @Override
  boolean isDefault(Object value) {
    return ((List<?>) value).isEmpty();
  }

  @Override
  void write(WireOutput out, Object value) {
    List<?> list = (List<?>) value;
    int reserved = prefixHint;
    int start = out.beginLengthPrefixed(reserved);
    if (list instanceof RandomAccess) { // List.of, ArrayList: no Iterator to allocate
      for (int i = 0, n = list.size(); i < n; i++) {
        writeElement(out, list.get(i));
      }
    } else {
      for (Object e : list) {
        writeElement(out, e);
      }
    }
    prefixHint = out.endLengthPrefixed(start, reserved);
  }

  private void writeElement(WireOutput out, Object e) {
    if (e == null) {
      throw new IllegalArgumentException("lists on the wire cannot hold null elements");
    }
    element.write(out, e);
  }

  @Override
  Object read(WireInput in, WireLimits limits, String what, int depth) {
    if (depth >= limits.maxDepth()) {
      throw new MalformedMessageException(what + " nests deeper than " + limits.maxDepth());
    }
    int length = in.readLength(Integer.MAX_VALUE, what);
    int outerLimit = in.limit();
    int end = in.position() + length;
    in.setLimit(end);
    List<Object> values = new ArrayList<>(Math.min(length, Math.min(sizeHint, MAX_SIZE_HINT)));
    while (!in.atLimit()) {
      if (values.size() >= limits.maxListElements()) {
        throw new MalformedMessageException(
            what + " holds more than " + limits.maxListElements() + " elements");
      }
      Object value;
      try {
        if (!elementCountsItself) {
          in.countValue(what);
        }
        value = element.read(in, limits, what, depth + 1);
      } catch (MalformedMessageException e) {
        // The index is named only on failure: building it per element costs a string each.
        throw new MalformedMessageException(what + "[" + values.size() + "]: " + e.getMessage());
      }
      if (value != null) { // an enum constant of a newer peer: dropped, as a lone field is absent
        values.add(value);
      }
    }
    in.setLimit(outerLimit);
    sizeHint = Math.max(1, values.size());
    return Collections.unmodifiableList(values);
  }
}
