package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.catalogue.SchemaModel.FieldModel;
import com.inkzee.rpc.catalogue.SchemaModel.MessageModel;
import com.inkzee.rpc.catalogue.SchemaModel.MethodModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a new catalogue schema can talk to peers built from an old one, the way a
 * protobuf breaking-change detector does, and says exactly what broke.
 *
 * <p>Within a major version these are compatible: a new message, a new optional field, a new method
 * or service, a new enum constant, a renamed field, making a method idempotent. Everything else
 * that changes what bytes mean is a break: a removed or reused message id, a removed field that was
 * not retired, a changed field type, a removed or renumbered method, a changed method signature, a
 * removed enum constant. A changed schema must also bump the minor version.
 */
public final class CompatibilityChecker {
  private CompatibilityChecker() {}

  /** The problems that make {@code next} incompatible with {@code previous}; empty if none. */
  public static List<String> breakingChanges(SchemaModel previous, SchemaModel next) {
    List<String> problems = new ArrayList<>();
    if (next.major() != previous.major()) {
      // A new major version is a new protocol: nothing is promised across it.
      return problems;
    }
    if (next.minor() < previous.minor()) {
      problems.add(
          "catalogue version went down from " + version(previous) + " to " + version(next));
    }
    checkMessages(previous, next, problems);
    checkEnums(previous, next, problems);
    checkServices(previous, next, problems);
    return problems;
  }

  /** Whether the schemas describe different wire formats (so the minor version must change). */
  public static boolean changed(SchemaModel previous, SchemaModel next) {
    return !previous.messages().equals(next.messages())
        || !previous.retiredMessages().equals(next.retiredMessages())
        || !previous.enums().equals(next.enums())
        || !previous.services().equals(next.services());
  }

  private static void checkMessages(SchemaModel prev, SchemaModel next, List<String> problems) {
    Map<String, Integer> nextIds = new java.util.HashMap<>();
    next.messages().forEach((id, m) -> nextIds.put(m.name(), id));
    prev.messages()
        .forEach(
            (id, m) -> {
              Integer moved = nextIds.get(m.name());
              if (moved != null && !moved.equals(id)) {
                problems.add(
                    "message "
                        + m.name()
                        + " moved from id "
                        + id
                        + " to "
                        + moved
                        + ": older peers know it by its old id");
              }
            });
    for (Map.Entry<Integer, MessageModel> e : prev.messages().entrySet()) {
      int id = e.getKey();
      MessageModel old = e.getValue();
      MessageModel now = next.messages().get(id);
      if (now == null) {
        if (!next.retiredMessages().containsKey(id)) {
          problems.add(
              "message " + id + " (" + old.name() + ") was removed; retire its id instead");
        }
        continue;
      }
      if (!now.name().equals(old.name())) {
        problems.add(
            "message id "
                + id
                + " was "
                + old.name()
                + " and is now "
                + now.name()
                + ": ids are never reused");
        continue;
      }
      checkFields(old, now, problems);
    }
    for (Integer id : prev.retiredMessages().keySet()) {
      if (next.messages().containsKey(id)) {
        problems.add(
            "message id "
                + id
                + " was retired ("
                + prev.retiredMessages().get(id)
                + ") and is reused by "
                + next.messages().get(id).name());
      }
    }
  }

  private static void checkFields(MessageModel old, MessageModel now, List<String> problems) {
    for (Map.Entry<Integer, FieldModel> f : old.fields().entrySet()) {
      int number = f.getKey();
      FieldModel was = f.getValue();
      FieldModel is = now.fields().get(number);
      if (is == null) {
        if (!now.retired().contains(number)) {
          problems.add(
              "field "
                  + number
                  + " ("
                  + was.name()
                  + ") of "
                  + old.name()
                  + " was removed without retiring its number");
        }
      } else if (!is.type().equals(was.type())) {
        problems.add(
            "field "
                + number
                + " ("
                + was.name()
                + ") of "
                + old.name()
                + " changed type from "
                + was.type()
                + " to "
                + is.type());
      }
    }
    for (Integer number : old.retired()) {
      if (now.fields().containsKey(number)) {
        problems.add(
            "field "
                + number
                + " of "
                + old.name()
                + " was retired and is reused by "
                + now.fields().get(number).name());
      }
      if (!now.retired().contains(number)) {
        problems.add("field " + number + " of " + old.name() + " is no longer listed as retired");
      }
    }
  }

  private static void checkEnums(SchemaModel prev, SchemaModel next, List<String> problems) {
    for (Map.Entry<String, Set<String>> e : prev.enums().entrySet()) {
      Set<String> now = next.enums().get(e.getKey());
      if (now == null) {
        continue; // no longer used by any field; the fields' own checks catch the removal
      }
      for (String constant : e.getValue()) {
        if (!now.contains(constant)) {
          problems.add("enum " + e.getKey() + " lost constant " + constant);
        }
      }
    }
  }

  private static void checkServices(SchemaModel prev, SchemaModel next, List<String> problems) {
    for (Map.Entry<String, Map<Integer, MethodModel>> s : prev.services().entrySet()) {
      Map<Integer, MethodModel> now = next.services().get(s.getKey());
      if (now == null) {
        problems.add("service " + s.getKey() + " was removed");
        continue;
      }
      for (Map.Entry<Integer, MethodModel> m : s.getValue().entrySet()) {
        MethodModel was = m.getValue();
        MethodModel is = now.get(m.getKey());
        String where = s.getKey() + "." + was.name();
        if (is == null) {
          Integer renumbered = idOf(now, was.name());
          problems.add(
              renumbered == null
                  ? "method " + where + " (id " + m.getKey() + ") was removed"
                  : "method " + where + " was renumbered from " + m.getKey() + " to " + renumbered);
          continue;
        }
        if (!is.name().equals(was.name())) {
          problems.add(
              "method id "
                  + m.getKey()
                  + " of "
                  + s.getKey()
                  + " was "
                  + was.name()
                  + " and is now "
                  + is.name()
                  + ": method ids are never reused");
        } else if (!is.request().equals(was.request()) || !is.response().equals(was.response())) {
          problems.add(
              "method "
                  + where
                  + " changed signature from ("
                  + was.request()
                  + "): "
                  + was.response()
                  + " to ("
                  + is.request()
                  + "): "
                  + is.response());
        } else if (was.idempotent() && !is.idempotent()) {
          problems.add("method " + where + " is no longer idempotent; old clients would retry it");
        }
      }
    }
  }

  private static Integer idOf(Map<Integer, MethodModel> methods, String name) {
    for (Map.Entry<Integer, MethodModel> m : methods.entrySet()) {
      if (m.getValue().name().equals(name)) {
        return m.getKey();
      }
    }
    return null;
  }

  private static String version(SchemaModel s) {
    return s.major() + "." + s.minor();
  }
}
