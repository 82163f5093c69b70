package com.inkzee.rpc.serial;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fixed wire number of a message field (a record component). Numbers are never reused within a
 * message: a removed field's number goes to {@link RetiredFields}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Field {
  /** 1..2^28-1, unique within the message. */
  int value();
}
