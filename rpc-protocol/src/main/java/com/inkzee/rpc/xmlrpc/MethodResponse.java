package com.inkzee.rpc.xmlrpc;

/**
 * A parsed {@code <methodResponse>}: its one result value, or a fault's code and string.
 *
 * @param value the result (null for a fault, or a {@code <nil/>} result)
 * @param faultCode the fault's code, or null when the call succeeded
 */
public record MethodResponse(Object value, Integer faultCode, String faultString) {
  public static MethodResponse value(Object value) {
    return new MethodResponse(value, null, null);
  }

  public static MethodResponse fault(int code, String string) {
    return new MethodResponse(null, code, string);
  }

  public boolean isFault() {
    return faultCode != null;
  }
}
