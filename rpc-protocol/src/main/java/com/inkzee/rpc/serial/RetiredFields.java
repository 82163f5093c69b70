package com.inkzee.rpc.serial;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Field numbers a message used once and must never use again. Older peers may still send them; they
 * are skipped like any unknown field.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RetiredFields {
  int[] value();
}
