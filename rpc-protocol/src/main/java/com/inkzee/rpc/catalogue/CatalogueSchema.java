package com.inkzee.rpc.catalogue;

import com.inkzee.rpc.serial.MessageSerializer;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renders a catalogue as the line-oriented text of its golden file. The format is read back by
 * {@link SchemaModel#parse}:
 *
 * <pre>
 * catalogue 1.0
 * message 100 PingRequest
 *   field 1 message: string
 *   retired-field 3
 * retired-message 105 was FooRequest, removed in 1.2
 * enum FeedState: ACTIVE DISABLED GONE
 * service store
 *   method 0 ping(PingRequest): PingResponse idempotent
 * </pre>
 */
final class CatalogueSchema {
  private CatalogueSchema() {}

  static String render(Catalogue c, Map<Class<?>, MessageSerializer<?>> serializers) {
    StringBuilder out = new StringBuilder();
    out.append("# Inkzee RPC catalogue schema: generated from the catalogue, checked by\n");
    out.append("# CatalogueCompatibilityTest. See docs/PROTOCOL.md, \"Evolution\".\n");
    out.append("catalogue ").append(c.version()).append('\n');
    Map<String, String> enums = new TreeMap<>();
    c.messages()
        .forEach(
            (id, type) -> {
              MessageSerializer<?> s = serializers.get(type);
              out.append("message ")
                  .append(id)
                  .append(' ')
                  .append(type.getSimpleName())
                  .append('\n');
              for (String line : s.schemaLines()) {
                out.append("  ").append(line).append('\n');
              }
              for (Class<? extends Enum<?>> e : s.enumTypes()) {
                enums.put(
                    e.getSimpleName(),
                    Arrays.stream(e.getEnumConstants())
                        .map(Enum::name)
                        .sorted()
                        .collect(Collectors.joining(" ")));
              }
            });
    c.retiredIds()
        .forEach(
            (id, note) ->
                out.append("retired-message ").append(id).append(' ').append(note).append('\n'));
    enums.forEach(
        (name, constants) ->
            out.append("enum ").append(name).append(": ").append(constants).append('\n'));
    for (ServiceDescriptor<?> d : c.services().values()) {
      out.append("service ").append(d.name()).append('\n');
      for (MethodDescriptor<?, ?> m : d.methods()) {
        out.append("  method ")
            .append(m.id())
            .append(' ')
            .append(m.name())
            .append('(')
            .append(m.requestType().getSimpleName())
            .append("): ")
            .append(m.responseType().getSimpleName())
            .append(m.idempotent() ? " idempotent" : "")
            .append('\n');
      }
    }
    return out.toString();
  }
}
