package com.inkzee.rpc.xmlrpc;

/**
 * How the two types beyond the XML-RPC spec, 64-bit integers and null, are spelt in an answer: the
 * way the caller spelt or declared them, since no one spelling is read by every client.
 */
public enum ExtensionStyle {
  /**
   * {@code <i8>} and {@code <nil/>}, no namespace: the de-facto spelling (Python's {@code
   * xmlrpc.client} and most clients read it). The default.
   */
  BARE,
  /**
   * {@code <ex:i8>} and {@code <ex:nil/>} in {@link #APACHE_NAMESPACE}, declared on the document
   * element: the only spelling Apache XML-RPC 3.1.3's client reads (and only with its extensions
   * on, which is when it declares that namespace in its own requests).
   */
  APACHE;

  /** Apache XML-RPC's namespace for its extension types ({@code XmlRpcWriter.EXTENSIONS_URI}). */
  public static final String APACHE_NAMESPACE = "http://ws.apache.org/xmlrpc/namespaces/extensions";
}
