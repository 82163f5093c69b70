package com.inkzee.rpc.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The fixed wire id of a service method. Ids are never renumbered or reused; id 0 is {@code ping},
 * which every service answers.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RpcMethod {
  /** 0..65535, unique within the service. */
  int id();

  /**
   * Whether the call may safely run twice. Only idempotent calls are retried on another endpoint
   * after a connection failure, because the first attempt may have run.
   */
  boolean idempotent() default false;
}
