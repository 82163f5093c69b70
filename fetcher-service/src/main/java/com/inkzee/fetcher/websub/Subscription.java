package com.inkzee.fetcher.websub;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One feed's WebSub subscription as this process knows it.
 *
 * @param feedId the feed, also the last segment of the callback URL
 * @param hub the hub we asked
 * @param topic the topic (the feed's self URL as the hub knows it)
 * @param state where the subscription stands
 * @param expiresAt ACTIVE: when the lease the hub granted ends; other states: when this entry is
 *     dropped if nothing else happens (a hub that never verifies, a denial remembered for a while)
 * @param renewAt ACTIVE: when the next renewal request is due; null in other states
 * @param reason DENIED: the hub's {@code hub.reason}, if it gave one; else null
 */
public record Subscription(
    long feedId,
    URI hub,
    URI topic,
    State state,
    Instant expiresAt,
    Instant renewAt,
    String reason) {

  /** Where a subscription stands. */
  public enum State {
    /** Requested; waiting for the hub to verify intent. */
    PENDING,
    /** Verified; pushes with a valid signature are handed on. */
    ACTIVE,
    /** The hub said {@code hub.mode=denied}; the poll loop keeps polling. */
    DENIED,
    /** Unsubscribe requested; pushes are answered 410 so the hub drops us even if it missed it. */
    UNSUBSCRIBING
  }

  public Subscription {
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if ((state == State.ACTIVE) != (renewAt != null)) {
      throw new IllegalArgumentException("renewAt is set exactly when ACTIVE, got " + state);
    }
  }

  /** Whether a push for this subscription may be handed on (after its signature checks out). */
  public boolean acceptsContent() {
    // PENDING too: a valid signature already proves the sender knows the secret we sent with the
    // request, and some hubs deliver before their verification request has been answered.
    return state == State.ACTIVE || state == State.PENDING;
  }
}
