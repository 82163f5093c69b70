package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.catalogue.SchemaModel.FieldModel;
import com.inkzee.rpc.catalogue.SchemaModel.MessageModel;
import com.inkzee.rpc.serial.Field;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Deterministic sample values of catalogue messages: the values behind the wire test vectors in
 * {@code src/test/resources/wire/v*}.
 *
 * <p>Values are derived from the record by reflection, so a new message needs no code here:
 *
 * <ul>
 *   <li>strings are the field's name; list elements get {@code [i]} appended
 *   <li>numbers are the field number ({@code n}, {@code n + 0.5} for doubles, {@code n + 0.25} for
 *       floats); the second list element is negated, so zig-zag encoding is exercised
 *   <li>booleans are true; a list holds {@code true, false}
 *   <li>bytes are {@code 00 FF} followed by the name in UTF-8, so they are not text
 *   <li>timestamps are {@link #INSTANT}; the second list element is {@link #BEFORE_EPOCH}
 *   <li>enums are the alphabetically first constant (the second for a list's second element)
 *   <li>nested messages are built the same way, recursively; a message that contains itself gets
 *       null (or an empty list) on the way back in
 *   <li>lists of scalars hold two elements, lists of messages one
 * </ul>
 *
 * <p>The same sample can be built "as of" an older catalogue schema: fields that version did not
 * have are left at their absent default, and names and enum constants are taken from that schema.
 * That is what a message written by a peer of that version decodes to, which is how {@code
 * WireSamplesTest} checks the old vectors; it is also why names come from the schema rather than
 * the record (renaming a field is compatible, and must not invalidate old vectors).
 *
 * <p>Records whose constructors validate their components may refuse such values; give them an
 * entry in {@link #OVERRIDES} with a hand-written sample.
 */
public final class SampleMessages {

  /** Every timestamp field's value: microsecond precision, which is what the wire keeps. */
  public static final Instant INSTANT = Instant.parse("2024-03-01T12:34:56.789012Z");

  /** A second timestamp for lists, before 1970 so negative microseconds are exercised too. */
  public static final Instant BEFORE_EPOCH = Instant.parse("1969-07-20T20:17:40.000001Z");

  /**
   * Hand-written samples of records whose canonical constructor rejects the generated values (for
   * example, a field that must be a URL or a positive number). Each supplier returns the sample as
   * of the current catalogue; older versions are derived from it by dropping the fields they did
   * not have.
   */
  private static final Map<Class<? extends Record>, Supplier<? extends Record>> OVERRIDES =
      Map.of();

  private SampleMessages() {}

  /** The sample of a message as the current code defines it. */
  public static <T extends Record> T of(Class<T> type) {
    return type.cast(message(type, null, new ArrayDeque<>()));
  }

  /**
   * The sample of a message as written by a peer built from catalogue schema {@code asOf}: the
   * value the current code decodes that peer's bytes to.
   */
  public static <T extends Record> T asOf(Class<T> type, SchemaModel asOf) {
    return type.cast(message(type, asOf, new ArrayDeque<>()));
  }

  /** The value an absent field decodes to: zero for primitives, an empty list, else null. */
  static Object absentValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    } else if (type == int.class) {
      return 0;
    } else if (type == long.class) {
      return 0L;
    } else if (type == double.class) {
      return 0.0d;
    } else if (type == float.class) {
      return 0.0f;
    } else if (type == List.class) {
      return List.of();
    }
    return null;
  }

  private static Object message(Class<?> type, SchemaModel asOf, Deque<Class<?>> path) {
    MessageModel model = asOf == null ? null : model(asOf, type);
    Supplier<? extends Record> override = OVERRIDES.get(type);
    if (override != null) {
      return project(override.get(), asOf);
    }
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    Object[] args = new Object[components.length];
    path.push(type);
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      int number = numberOf(c);
      String name = c.getName();
      if (model != null) {
        FieldModel field = model.fields().get(number);
        if (field == null) {
          args[i] = absentValue(c.getType());
          continue;
        }
        name = field.name();
      }
      String where = type.getSimpleName() + "." + c.getName();
      args[i] = value(c.getGenericType(), name, number, 0, asOf, path, where);
    }
    path.pop();
    return construct(type, components, args);
  }

  private static Object value(
      Type javaType,
      String name,
      int number,
      int index,
      SchemaModel asOf,
      Deque<Class<?>> path,
      String where) {
    if (javaType instanceof ParameterizedType p && p.getRawType() == List.class) {
      Type element = p.getActualTypeArguments()[0];
      if (element instanceof Class<?> e && e.isRecord()) {
        // One element is enough to prove the nesting; more would only grow every vector.
        return path.contains(e)
            ? List.of()
            : List.of(value(e, name, number, 0, asOf, path, where + "[0]"));
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        values.add(
            value(element, name + "[" + i + "]", number, i, asOf, path, where + "[" + i + "]"));
      }
      return List.copyOf(values);
    }
    if (!(javaType instanceof Class<?> c)) {
      throw new IllegalArgumentException(where + ": no sample for type " + javaType);
    }
    boolean second = index % 2 == 1;
    if (c == String.class) {
      return name;
    } else if (c == boolean.class || c == Boolean.class) {
      return !second;
    } else if (c == int.class || c == Integer.class) {
      return second ? -number : number;
    } else if (c == long.class || c == Long.class) {
      return second ? -(long) number : (long) number;
    } else if (c == double.class || c == Double.class) {
      return (second ? -1 : 1) * (number + 0.5d);
    } else if (c == float.class || c == Float.class) {
      return (second ? -1 : 1) * (number + 0.25f);
    } else if (c == byte[].class) {
      byte[] text = name.getBytes(StandardCharsets.UTF_8);
      byte[] bytes = new byte[text.length + 2];
      bytes[0] = 0x00;
      bytes[1] = (byte) 0xFF;
      System.arraycopy(text, 0, bytes, 2, text.length);
      return bytes;
    } else if (c == Instant.class) {
      return second ? BEFORE_EPOCH : INSTANT;
    } else if (c.isEnum()) {
      return enumConstant(c, index, asOf, where);
    } else if (c.isRecord()) {
      return path.contains(c) ? null : message(c, asOf, path);
    }
    throw new IllegalArgumentException(where + ": no sample for type " + c.getName());
  }

  private static Object enumConstant(Class<?> type, int index, SchemaModel asOf, String where) {
    Set<String> names = new TreeSet<>();
    if (asOf == null) {
      for (Object constant : type.getEnumConstants()) {
        names.add(((Enum<?>) constant).name());
      }
    } else {
      Set<String> then = asOf.enums().get(type.getSimpleName());
      if (then == null) {
        throw new IllegalArgumentException(
            where + ": enum " + type.getSimpleName() + " is not in catalogue " + version(asOf));
      }
      names.addAll(then);
    }
    List<String> sorted = new ArrayList<>(names);
    String name = sorted.get(Math.min(index, sorted.size() - 1));
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        where + ": enum " + type.getSimpleName() + " lost constant " + name);
  }

  /** Rebuilds a hand-written sample with the fields {@code asOf} did not have left absent. */
  private static Record project(Record full, SchemaModel asOf) {
    if (asOf == null) {
      return full;
    }
    Class<?> type = full.getClass();
    MessageModel model = model(asOf, type);
    RecordComponent[] components = type.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Object value;
      try {
        value = c.getAccessor().invoke(full);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      args[i] =
          model.fields().containsKey(numberOf(c))
              ? projectValue(value, asOf)
              : absentValue(c.getType());
    }
    return (Record) construct(type, components, args);
  }

  private static Object projectValue(Object value, SchemaModel asOf) {
    if (value instanceof Record r) {
      return project(r, asOf);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(v -> projectValue(v, asOf)).toList();
    }
    return value;
  }

  private static MessageModel model(SchemaModel schema, Class<?> type) {
    for (MessageModel m : schema.messages().values()) {
      if (m.name().equals(type.getSimpleName())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        type.getSimpleName() + " is not a message of catalogue " + version(schema));
  }

  private static int numberOf(RecordComponent c) {
    Field field = c.getAnnotation(Field.class);
    if (field == null) {
      throw new IllegalArgumentException(
          c.getDeclaringRecord().getSimpleName() + "." + c.getName() + " has no @Field number");
    }
    return field.value();
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] args) {
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          "SampleMessages cannot build "
              + type.getSimpleName()
              + " from "
              + Arrays.toString(args)
              + ": its constructor refused with "
              + e.getCause()
              + "; add a hand-written sample to SampleMessages.OVERRIDES",
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  private static String version(SchemaModel schema) {
    return schema.major() + "." + schema.minor();
  }
}
