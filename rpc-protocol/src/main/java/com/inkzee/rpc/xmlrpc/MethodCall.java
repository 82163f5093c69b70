package com.inkzee.rpc.xmlrpc;

import java.util.List;

/**
 * A parsed {@code <methodCall>}: the method's name and its parameters as XML-RPC values ({@link
 * XmlRpcParser} says which Java type each XML-RPC type becomes), and how the caller spells the
 * extension types, so that its answer is spelt the same way.
 */
public record MethodCall(String methodName, List<Object> params, ExtensionStyle extensionStyle) {
  public MethodCall {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    extensionStyle = java.util.Objects.requireNonNull(extensionStyle, "extensionStyle");
  }

  /** A call from a caller that spells the extension types bare. */
  public MethodCall(String methodName, List<Object> params) {
    this(methodName, params, ExtensionStyle.BARE);
  }
}
