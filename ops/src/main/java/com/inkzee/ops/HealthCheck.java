package com.inkzee.ops;

/**
 * Whether one dependency of a service answers right now ("database", "store"). It may block (a JDBC
 * round trip, an RPC ping) but must bound its own wait; {@link HealthChecks} also gives up on it
 * after its check timeout. A check that throws is down, with the exception's message.
 */
@FunctionalInterface
public interface HealthCheck {
  Health check() throws Exception;
}
