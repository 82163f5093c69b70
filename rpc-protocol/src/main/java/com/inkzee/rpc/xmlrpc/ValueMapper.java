package com.inkzee.rpc.xmlrpc;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns parsed XML-RPC values into the catalogue's message records and their field types, checking
 * each value's type against the field it fills.
 *
 * <p>Rules: a struct fills a record by component name; a missing member or {@code <nil/>} is absent
 * (null for a boxed or reference field, 0/false for a primitive), members the record does not have
 * are ignored (a newer client's optional fields, as on Inkzee RPC); {@code int} or {@code i8} fill
 * long fields, an {@code i8} fills an int field only when it fits; {@code int}/{@code i8} also fill
 * double fields; an enum is its constant's name as a string; an Instant is a {@code
 * dateTime.iso8601}; byte[] is {@code base64}; a List is an {@code array} (elements may not be
 * nil). Anything else is an INVALID_ARGUMENT fault naming the field's path, the type it wants and
 * the type it got.
 */
final class ValueMapper {
  private ValueMapper() {}

  static Object toJava(Object value, Type target, String path) {
    if (target instanceof ParameterizedType p && p.getRawType() == List.class) {
      if (value == null) {
        return List.of(); // as on Inkzee RPC, where an absent list reads as empty
      }
      if (!(value instanceof List<?> list)) {
        throw mismatch(path, "array", value);
      }
      Type element = p.getActualTypeArguments()[0];
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        String at = path + "[" + i + "]";
        if (list.get(i) == null) {
          throw XmlRpcFault.invalid(at + ": array elements may not be nil");
        }
        out.add(toJava(list.get(i), element, at));
      }
      return out;
    }
    if (!(target instanceof Class<?> c)) {
      throw new IllegalArgumentException(path + ": unsupported field type " + target);
    }
    if (value == null) {
      return c.isPrimitive() ? primitiveZero(c) : null;
    }
    if (c == int.class || c == Integer.class) {
      if (value instanceof Integer) {
        return value;
      }
      if (value instanceof Long l && l == l.intValue()) {
        return l.intValue();
      }
      throw mismatch(path, "int", value);
    }
    if (c == long.class || c == Long.class) {
      if (value instanceof Integer i) {
        return i.longValue();
      }
      if (value instanceof Long) {
        return value;
      }
      throw mismatch(path, "i8 (or int)", value);
    }
    if (c == boolean.class || c == Boolean.class) {
      if (value instanceof Boolean) {
        return value;
      }
      throw mismatch(path, "boolean", value);
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      double d;
      if (value instanceof Double x) {
        d = x;
      } else if (value instanceof Integer || value instanceof Long) {
        d = ((Number) value).doubleValue();
      } else {
        throw mismatch(path, "double", value);
      }
      return c == float.class || c == Float.class ? (Object) (float) d : (Object) d;
    }
    if (c == String.class) {
      if (value instanceof String) {
        return value;
      }
      throw mismatch(path, "string", value);
    }
    if (c == Instant.class) {
      if (value instanceof Instant) {
        return value;
      }
      throw mismatch(path, "dateTime.iso8601", value);
    }
    if (c == byte[].class) {
      if (value instanceof byte[]) {
        return value;
      }
      throw mismatch(path, "base64", value);
    }
    if (c.isEnum()) {
      if (!(value instanceof String s)) {
        throw mismatch(path, "string (one of " + constants(c) + ")", value);
      }
      for (Object constant : c.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(s)) {
          return constant;
        }
      }
      throw XmlRpcFault.invalid(
          path + ": " + XmlRpcParser.quote(s) + " is not one of " + constants(c));
    }
    if (c.isRecord()) {
      if (!(value instanceof Map<?, ?> struct)) {
        throw mismatch(path, "struct " + c.getSimpleName(), value);
      }
      return toRecord(struct, c, path);
    }
    throw new IllegalArgumentException(path + ": unsupported field type " + c.getName());
  }

  static Object toRecord(Map<?, ?> struct, Class<?> type, String path) {
    RecordShape shape = RecordShape.of(type);
    List<RecordShape.Component> components = shape.components();
    Object[] args = new Object[components.size()];
    for (int i = 0; i < args.length; i++) {
      RecordShape.Component c = components.get(i);
      args[i] = toJava(struct.get(c.name()), c.type(), path + "." + c.name());
    }
    return shape.construct(args, path);
  }

  private static Object primitiveZero(Class<?> c) {
    if (c == boolean.class) {
      return false;
    }
    if (c == int.class) {
      return 0;
    }
    if (c == long.class) {
      return 0L;
    }
    if (c == double.class) {
      return 0.0d;
    }
    if (c == float.class) {
      return 0.0f;
    }
    throw new IllegalArgumentException("no zero for " + c);
  }

  private static String constants(Class<?> enumType) {
    List<String> names = new ArrayList<>();
    for (Object constant : enumType.getEnumConstants()) {
      names.add(((Enum<?>) constant).name());
    }
    return String.join(", ", names);
  }

  private static XmlRpcFault mismatch(String path, String wanted, Object got) {
    return XmlRpcFault.invalid(path + ": wants " + wanted + ", got " + typeName(got));
  }

  /** The XML-RPC type name of a parsed value, for messages. */
  static String typeName(Object v) {
    if (v == null) {
      return "nil";
    } else if (v instanceof Integer) {
      return "int";
    } else if (v instanceof Long) {
      return "i8";
    } else if (v instanceof Boolean) {
      return "boolean";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof Double) {
      return "double";
    } else if (v instanceof Instant) {
      return "dateTime.iso8601";
    } else if (v instanceof byte[]) {
      return "base64";
    } else if (v instanceof Map<?, ?>) {
      return "struct";
    } else if (v instanceof List<?>) {
      return "array";
    }
    return v.getClass().getSimpleName();
  }

  /** The XML-RPC type of a field type, for system.methodHelp. */
  static String describe(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      return "array of " + describe(p.getActualTypeArguments()[0]);
    }
    Class<?> c = (Class<?>) t;
    if (c == int.class || c == Integer.class) {
      return "int";
    } else if (c == long.class || c == Long.class) {
      return "i8";
    } else if (c == boolean.class || c == Boolean.class) {
      return "boolean";
    } else if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return "double";
    } else if (c == String.class) {
      return "string";
    } else if (c == Instant.class) {
      return "dateTime.iso8601";
    } else if (c == byte[].class) {
      return "base64";
    } else if (c.isEnum()) {
      return "string (" + constants(c) + ")";
    } else if (c.isRecord()) {
      return "struct " + c.getSimpleName();
    }
    return c.getSimpleName();
  }
}
