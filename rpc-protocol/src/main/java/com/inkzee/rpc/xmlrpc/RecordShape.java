package com.inkzee.rpc.xmlrpc;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A message record's components (name, declared type, accessor) and canonical constructor, read
 * once per class: an XML-RPC struct's members are a record's components by name.
 */
final class RecordShape {
  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          return new RecordShape(type);
        }
      };

  /** One component: the struct member of the same name. */
  record Component(String name, Type type, Class<?> rawType, Method accessor) {
    Object get(Object record) {
      try {
        return accessor.invoke(record);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("reading " + name + " of " + record.getClass(), e);
      }
    }
  }

  private final Class<?> type;
  private final List<Component> components;
  private final Constructor<?> constructor;

  private RecordShape(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    RecordComponent[] rc = type.getRecordComponents();
    Class<?>[] types = new Class<?>[rc.length];
    Component[] cs = new Component[rc.length];
    for (int i = 0; i < rc.length; i++) {
      types[i] = rc[i].getType();
      Method accessor = rc[i].getAccessor();
      accessor.setAccessible(true); // records nested in non-public holders
      cs[i] = new Component(rc[i].getName(), rc[i].getGenericType(), rc[i].getType(), accessor);
    }
    this.components = List.of(cs);
    try {
      this.constructor = type.getDeclaredConstructor(types);
      this.constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  static RecordShape of(Class<?> type) {
    return SHAPES.get(type);
  }

  Class<?> type() {
    return type;
  }

  List<Component> components() {
    return components;
  }

  /**
   * Builds the record; a constructor's own validation (IllegalArgumentException, a null check)
   * becomes INVALID_ARGUMENT naming the message.
   */
  Object construct(Object[] args, String path) {
    try {
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        throw XmlRpcFault.invalid(path + ": " + cause.getMessage());
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("constructing " + type.getName(), cause);
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("constructing " + type.getName(), e);
    }
  }
}
