package com.inkzee.rpc.serial;

/**
 * Reads and writes one value of a field type. LEN codecs write their own length prefix, so a list
 * simply writes its elements one after another inside its region.
 */
abstract class ValueCodec {

  abstract WireType wireType();

  /** The type's name in the schema golden file, e.g. {@code string}, {@code list<Entry>}. */
  abstract String schemaName();

  /** The name as a list's element type; list elements are never null, so never boxed-marked. */
  String elementSchemaName() {
    return schemaName();
  }

  /** Whether a value is the type's default, which is not written (primitives only). */
  boolean isDefault(Object value) {
    return false;
  }

  /** The value of an absent field. */
  Object absentValue() {
    return null;
  }

  abstract void write(WireOutput out, Object value);

  /**
   * Reads one value.
   *
   * @param what the field's description for error messages
   * @param depth nesting depth of the enclosing message
   */
  abstract Object read(WireInput in, WireLimits limits, String what, int depth);
}
