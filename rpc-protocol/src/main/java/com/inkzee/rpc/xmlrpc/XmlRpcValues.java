package com.inkzee.rpc.xmlrpc;

import java.util.Map;

/**
 * The record ↔ XML-RPC value mapping for code outside this package: a client that parsed a response
 * with {@link XmlRpcParser} reads it as a catalogue message here (benchmarks, tests).
 */
public final class XmlRpcValues {
  private XmlRpcValues() {}

  /**
   * {@code struct} (a parsed {@code <struct>}) as a {@code type} record, by the rules the server
   * applies to requests.
   *
   * @throws XmlRpcFault INVALID_ARGUMENT naming the field when a member has the wrong type
   */
  public static <T extends Record> T toRecord(Object struct, Class<T> type) {
    if (!(struct instanceof Map<?, ?> map)) {
      throw XmlRpcFault.invalid(
          type.getSimpleName() + ": wants struct, got " + ValueMapper.typeName(struct));
    }
    return type.cast(ValueMapper.toRecord(map, type, type.getSimpleName()));
  }
}
