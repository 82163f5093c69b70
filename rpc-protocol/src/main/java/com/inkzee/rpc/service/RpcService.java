package com.inkzee.rpc.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks an interface as an Inkzee RPC service; the name is what a client's HELLO asks for. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcService {
  /** Lower-case service name, e.g. {@code store}. */
  String value();
}
