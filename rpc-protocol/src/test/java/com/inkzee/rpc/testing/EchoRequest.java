package com.inkzee.rpc.testing;

import com.inkzee.rpc.serial.Field;
import java.util.List;

/** Test message: echoed back, optionally after sleeping or failing. */
public record EchoRequest(
    @Field(1) String text,
    @Field(2) long sleepMillis,
    @Field(3) byte[] blob,
    @Field(4) List<String> tags,
    @Field(5) String failWith) {

  public static EchoRequest of(String text) {
    return new EchoRequest(text, 0, null, List.of(), null);
  }

  public static EchoRequest sleeping(String text, long millis) {
    return new EchoRequest(text, millis, null, List.of(), null);
  }
}
