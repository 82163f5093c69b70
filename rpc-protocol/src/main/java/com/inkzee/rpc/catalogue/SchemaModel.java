package com.inkzee.rpc.catalogue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A catalogue schema read back from its text, for comparing two versions. */
public record SchemaModel(
    int major,
    int minor,
    Map<Integer, MessageModel> messages,
    Map<Integer, String> retiredMessages,
    Map<String, Set<String>> enums,
    Map<String, Map<Integer, MethodModel>> services) {

  /** A message: its name, fields by number, and retired field numbers. */
  public record MessageModel(String name, Map<Integer, FieldModel> fields, Set<Integer> retired) {}

  public record FieldModel(String name, String type) {}

  public record MethodModel(String name, String request, String response, boolean idempotent) {}

  /** Parses the text {@link CatalogueSchema} renders; fails on any line it does not know. */
  public static SchemaModel parse(String text) {
    int major = -1;
    int minor = -1;
    Map<Integer, MessageModel> messages = new TreeMap<>();
    Map<Integer, String> retired = new TreeMap<>();
    Map<String, Set<String>> enums = new TreeMap<>();
    Map<String, Map<Integer, MethodModel>> services = new TreeMap<>();
    MessageModel message = null;
    Map<Integer, MethodModel> service = null;
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] w = line.split(" ");
      try {
        switch (w[0]) {
          case "catalogue" -> {
            String[] v = w[1].split("\\.");
            major = Integer.parseInt(v[0]);
            minor = Integer.parseInt(v[1]);
          }
          case "message" -> {
            message = new MessageModel(w[2], new TreeMap<>(), new TreeSet<>());
            messages.put(Integer.parseInt(w[1]), message);
            service = null;
          }
          case "field" -> {
            String name = w[2].substring(0, w[2].length() - 1);
            String type = line.substring(line.indexOf(": ") + 2);
            message.fields().put(Integer.parseInt(w[1]), new FieldModel(name, type));
          }
          case "retired-field" -> message.retired().add(Integer.parseInt(w[1]));
          case "retired-message" -> {
            retired.put(
                Integer.parseInt(w[1]), line.substring(line.indexOf(w[1]) + w[1].length()).strip());
            message = null;
          }
          case "enum" -> {
            Set<String> constants = new TreeSet<>();
            for (int i = 2; i < w.length; i++) {
              constants.add(w[i]);
            }
            enums.put(w[1].substring(0, w[1].length() - 1), constants);
          }
          case "service" -> {
            service = new LinkedHashMap<>();
            services.put(w[1], service);
            message = null;
          }
          case "method" -> {
            String sig = w[2];
            String name = sig.substring(0, sig.indexOf('('));
            String request = sig.substring(sig.indexOf('(') + 1, sig.indexOf(')'));
            service.put(
                Integer.parseInt(w[1]),
                new MethodModel(name, request, w[3], w.length > 4 && w[4].equals("idempotent")));
          }
          default -> throw new IllegalArgumentException("unknown keyword " + w[0]);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("schema line " + lineNo + " unreadable: " + raw, e);
      }
    }
    if (major < 0) {
      throw new IllegalArgumentException("schema has no 'catalogue MAJOR.MINOR' line");
    }
    return new SchemaModel(major, minor, messages, retired, enums, services);
  }
}
