package com.inkzee.rpc.xmlrpc;

import java.util.List;

/**
 * A parsed {@code <methodCall>}: the method's name and its parameters as XML-RPC values ({@link
 * XmlRpcParser} says which Java type each XML-RPC type becomes).
 */
public record MethodCall(String methodName, List<Object> params) {
  public MethodCall {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
  }
}
