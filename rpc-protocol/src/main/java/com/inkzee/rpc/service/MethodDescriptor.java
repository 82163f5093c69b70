package com.inkzee.rpc.service;

import java.lang.reflect.Method;

/**
 * One method of a service: its wire id and the message types it takes and returns.
 *
 * @param qualifiedName {@code service.method}, for logs, errors and XML-RPC
 */
public record MethodDescriptor<Q, R>(
    String service,
    String name,
    int id,
    boolean idempotent,
    Class<Q> requestType,
    Class<R> responseType,
    Method method,
    String qualifiedName) {

  @Override
  public String toString() {
    return qualifiedName + "#" + id;
  }
}
