package com.inkzee.rpc.hostile;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.catalogue.SchemaModel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-built message payloads: {@code varint(type id)} then tagged fields, written byte by byte so
 * that they can say things the real encoder never would (lengths of 2 GiB, unknown ids).
 */
public final class Payloads {
  /** Field types of the schema that travel as VARINT, FIXED64 or FIXED32; the rest are LEN. */
  private static final Set<String> NON_LEN_TYPES =
      Set.of("bool", "int32", "int64", "double", "float", "timestamp");

  private Payloads() {}

  /** A length-delimited field of one message, named as the schema names it. */
  public record LenField(
      Catalogue catalogue, int typeId, String message, int number, String name, String type) {
    @Override
    public String toString() {
      return message + "." + name + " (field " + number + ", " + type + ")";
    }
  }

  /**
   * Every length-delimited field (string, bytes, list, nested message, enum) of every message in
   * the catalogue, read from the catalogue's own schema so that a message added later is covered
   * without touching this test.
   */
  public static List<LenField> lenFields(Catalogue catalogue) {
    SchemaModel schema = SchemaModel.parse(catalogue.schema());
    List<LenField> fields = new ArrayList<>();
    for (Map.Entry<Integer, SchemaModel.MessageModel> m : schema.messages().entrySet()) {
      m.getValue()
          .fields()
          .forEach(
              (number, f) -> {
                // "int64?" is a boxed (nullable) int64: the same wire type.
                String scalar =
                    f.type().endsWith("?")
                        ? f.type().substring(0, f.type().length() - 1)
                        : f.type();
                if (!NON_LEN_TYPES.contains(scalar)) {
                  fields.add(
                      new LenField(
                          catalogue, m.getKey(), m.getValue().name(), number, f.name(), f.type()));
                }
              });
    }
    return fields;
  }

  /** {@code varint(typeId) varint(number << 3 | LEN) varint(declaredLength)}: nothing follows. */
  public static byte[] declaringLength(int typeId, int fieldNumber, int declaredLength) {
    return new Builder().varint(typeId).tag(fieldNumber, 2).varint(declaredLength).bytes();
  }

  /** A growable byte string with the wire encoding's primitives. */
  public static final class Builder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** LEB128, the int taken as unsigned: 0x80000000 and -1 take five bytes. */
    public Builder varint(int value) {
      while ((value & ~0x7F) != 0) {
        out.write((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      out.write(value);
      return this;
    }

    public Builder tag(int fieldNumber, int wireType) {
      return varint(fieldNumber << 3 | wireType);
    }

    public Builder raw(byte... bytes) {
      out.writeBytes(bytes);
      return this;
    }

    /** A LEN field holding {@code content}, length-prefixed correctly. */
    public Builder lenField(int fieldNumber, byte[] content) {
      return tag(fieldNumber, 2).varint(content.length).raw(content);
    }

    public byte[] bytes() {
      return out.toByteArray();
    }
  }
}
