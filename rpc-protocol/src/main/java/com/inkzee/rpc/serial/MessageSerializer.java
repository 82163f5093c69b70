package com.inkzee.rpc.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The Kryo serializer of every catalogue message: a Java record whose components carry {@link
 * Field} numbers, written as a sequence of tagged fields.
 *
 * <pre>
 * message = { tag value }            tag = varint(fieldNumber &lt;&lt; 3 | wireType)
 * </pre>
 *
 * A reader skips fields it does not know and gives absent fields their default (0, false, null, an
 * empty list), which is what lets a newer and an older peer read each other's messages. The
 * record's accessors and canonical constructor are bound once into method handles; nothing is
 * looked up per call.
 */
public final class MessageSerializer<T> extends Serializer<T> {

  private final Class<T> type;
  private final WireLimits limits;
  private final FieldSlot[] slots; // in component order, as the constructor wants them
  private final FieldSlot[] byNumber; // indexed by field number
  private final MethodHandle constructor; // (Object[]) -> Object

  /** One record component on the wire. */
  private static final class FieldSlot {
    final int number;
    final String name;
    final int index;
    final Type javaType;
    final MethodHandle accessor; // (Object) -> Object
    final String description;
    ValueCodec codec; // resolved after every message of the catalogue is known
    int tag;

    FieldSlot(int number, String name, int index, Type javaType, MethodHandle accessor, String d) {
      this.number = number;
      this.name = name;
      this.index = index;
      this.javaType = javaType;
      this.accessor = accessor;
      this.description = d;
    }
  }

  public MessageSerializer(Class<T> type, WireLimits limits) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    this.limits = limits;
    setAcceptsNull(false);
    setImmutable(true);
    RecordComponent[] components = type.getRecordComponents();
    slots = new FieldSlot[components.length];
    int maxNumber = 0;
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    Class<?>[] ctorTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Field field = c.getAnnotation(Field.class);
      if (field == null) {
        throw new IllegalArgumentException(
            type.getName() + "." + c.getName() + " has no @Field number");
      }
      if (field.value() < 1 || field.value() > (1 << 28) - 1) {
        throw new IllegalArgumentException(
            type.getName() + "." + c.getName() + ": field number out of range: " + field.value());
      }
      ctorTypes[i] = c.getType();
      MethodHandle accessor;
      try {
        accessor = lookup.unreflect(c.getAccessor()).asType(MethodType.genericMethodType(1));
      } catch (IllegalAccessException e) {
        throw new IllegalArgumentException(type.getName() + " must be a public record", e);
      }
      String description =
          "field " + field.value() + " (" + c.getName() + ") of " + type.getSimpleName();
      slots[i] =
          new FieldSlot(field.value(), c.getName(), i, c.getGenericType(), accessor, description);
      maxNumber = Math.max(maxNumber, field.value());
    }
    byNumber = new FieldSlot[maxNumber + 1];
    for (FieldSlot s : slots) {
      if (byNumber[s.number] != null) {
        throw new IllegalArgumentException(
            type.getName() + ": field number " + s.number + " used twice");
      }
      byNumber[s.number] = s;
    }
    RetiredFields retired = type.getAnnotation(RetiredFields.class);
    if (retired != null) {
      for (int n : retired.value()) {
        if (n < byNumber.length && byNumber[n] != null) {
          throw new IllegalArgumentException(
              type.getName() + ": field number " + n + " is retired and cannot be reused");
        }
      }
    }
    try {
      constructor =
          lookup
              .findConstructor(type, MethodType.methodType(void.class, ctorTypes))
              .asSpreader(Object[].class, components.length)
              .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          type.getName() + " has no public canonical constructor", e);
    }
  }

  public Class<T> type() {
    return type;
  }

  /**
   * Binds each field to its codec. Called once every message of the catalogue has a serializer, so
   * messages may refer to each other in any order.
   */
  public void resolve(Function<Class<?>, MessageSerializer<?>> messages) {
    for (FieldSlot s : slots) {
      s.codec = codecFor(s.javaType, messages, s.description);
      s.tag = (s.number << 3) | s.codec.wireType().code;
    }
  }

  private static ValueCodec codecFor(
      Type javaType, Function<Class<?>, MessageSerializer<?>> messages, String where) {
    if (javaType instanceof ParameterizedType p && p.getRawType() == List.class) {
      return new ListCodec(codecFor(p.getActualTypeArguments()[0], messages, where));
    }
    if (!(javaType instanceof Class<?> c)) {
      throw new IllegalArgumentException(where + ": unsupported type " + javaType);
    }
    if (c == boolean.class || c == Boolean.class) {
      return ScalarCodecs.bool(c.isPrimitive());
    }
    if (c == int.class || c == Integer.class) {
      return ScalarCodecs.int32(c.isPrimitive());
    }
    if (c == long.class || c == Long.class) {
      return ScalarCodecs.int64(c.isPrimitive());
    }
    if (c == double.class || c == Double.class) {
      return ScalarCodecs.float64(c.isPrimitive());
    }
    if (c == float.class || c == Float.class) {
      return ScalarCodecs.float32(c.isPrimitive());
    }
    if (c == String.class) {
      return new ScalarCodecs.StringCodec();
    }
    if (c == byte[].class) {
      return new ScalarCodecs.BytesCodec();
    }
    if (c == Instant.class) {
      return new ScalarCodecs.TimestampCodec();
    }
    if (c.isEnum()) {
      @SuppressWarnings("unchecked")
      Class<? extends Enum<?>> e = (Class<? extends Enum<?>>) c;
      return new ScalarCodecs.EnumCodec(e);
    }
    MessageSerializer<?> nested = messages.apply(c);
    if (nested == null) {
      throw new IllegalArgumentException(
          where + ": type " + c.getName() + " is neither a wire scalar nor a registered message");
    }
    return new NestedMessageCodec(nested);
  }

  void writeFields(WireOutput out, Object message) {
    for (FieldSlot s : slots) {
      Object value;
      try {
        value = s.accessor.invokeExact(message);
      } catch (Throwable t) {
        throw new IllegalStateException("reading " + s.description, t);
      }
      if (value == null || s.codec.isDefault(value)) {
        continue;
      }
      out.writeVarint32(s.tag);
      s.codec.write(out, value);
    }
  }

  Object readFields(WireInput in, WireLimits limits, int depth) {
    Object[] args = new Object[slots.length];
    while (!in.atLimit()) {
      int tag = in.readVarint32();
      int number = tag >>> 3;
      WireType wireType = WireType.fromCode(tag & 7);
      if (wireType == null || number == 0) {
        throw new MalformedMessageException(
            "bad tag 0x" + Integer.toHexString(tag) + " in " + type.getSimpleName());
      }
      FieldSlot slot = number < byNumber.length ? byNumber[number] : null;
      if (slot == null) {
        skip(in, wireType, number);
      } else if (slot.codec.wireType() != wireType) {
        throw new MalformedMessageException(
            slot.description + " arrived as " + wireType + ", expected " + slot.codec.wireType());
      } else {
        args[slot.index] = slot.codec.read(in, limits, slot.description, depth);
      }
    }
    for (FieldSlot s : slots) {
      if (args[s.index] == null) {
        args[s.index] = s.codec.absentValue();
      }
    }
    try {
      return constructor.invokeExact(args);
    } catch (RuntimeException e) {
      // The record's own validation refused the values: the peer sent a bad message.
      throw new MalformedMessageException(type.getSimpleName() + ": " + e);
    } catch (Throwable t) {
      throw new IllegalStateException("constructing " + type.getName(), t);
    }
  }

  /** Skips a field this version does not know (sent by a newer peer). */
  private void skip(WireInput in, WireType wireType, int number) {
    switch (wireType) {
      case VARINT -> in.readVarint64();
      case FIXED64 -> in.skip(8);
      case FIXED32 -> in.skip(4);
      case LEN ->
          in.skip(
              in.readLength(
                  Integer.MAX_VALUE, "unknown field " + number + " of " + type.getSimpleName()));
    }
  }

  /** The fields as lines of the schema golden file, ordered by number. */
  public List<String> schemaLines() {
    List<String> lines = new ArrayList<>();
    FieldSlot[] ordered = slots.clone();
    Arrays.sort(ordered, Comparator.comparingInt(s -> s.number));
    for (FieldSlot s : ordered) {
      lines.add("field " + s.number + " " + s.name + ": " + s.codec.schemaName());
    }
    RetiredFields retired = type.getAnnotation(RetiredFields.class);
    if (retired != null) {
      int[] numbers = retired.value().clone();
      Arrays.sort(numbers);
      for (int n : numbers) {
        lines.add("retired-field " + n);
      }
    }
    return lines;
  }

  /** Enum types used by the fields, for the schema. */
  public List<Class<? extends Enum<?>>> enumTypes() {
    List<Class<? extends Enum<?>>> out = new ArrayList<>();
    for (FieldSlot s : slots) {
      collectEnums(s.codec, out);
    }
    return out;
  }

  private static void collectEnums(ValueCodec codec, List<Class<? extends Enum<?>>> out) {
    if (codec instanceof ScalarCodecs.EnumCodec e) {
      out.add(e.type());
    } else if (codec instanceof ListCodec l) {
      collectEnums(l.element(), out);
    }
  }

  @Override
  public void write(Kryo kryo, Output output, T object) {
    writeFields((WireOutput) output, object);
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> ignored) {
    return type.cast(readFields((WireInput) input, limits, 0));
  }
}
