package com.inkzee.fetcher.websub;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the callback server, for logs, metrics and tests. */
public final class WebSubStats {
  final AtomicLong verificationsConfirmed = new AtomicLong();
  final AtomicLong verificationsRefused = new AtomicLong();
  final AtomicLong denials = new AtomicLong();
  final AtomicLong pushesAccepted = new AtomicLong();
  final AtomicLong pushesUnsigned = new AtomicLong();
  final AtomicLong pushesBadSignature = new AtomicLong();
  final AtomicLong pushesUnknownFeed = new AtomicLong();
  final AtomicLong pushesBusy = new AtomicLong();

  /** Intent verifications answered with the challenge. */
  public long verificationsConfirmed() {
    return verificationsConfirmed.get();
  }

  /** Intent verifications refused (404): no matching pending or active subscription. */
  public long verificationsRefused() {
    return verificationsRefused.get();
  }

  /** {@code hub.mode=denied} notices that matched a subscription. */
  public long denials() {
    return denials.get();
  }

  /** Pushes whose signature matched and which were handed to the {@link PushSink}. */
  public long pushesAccepted() {
    return pushesAccepted.get();
  }

  /** Pushes without {@code X-Hub-Signature}, discarded. */
  public long pushesUnsigned() {
    return pushesUnsigned.get();
  }

  /** Pushes with a malformed or wrong {@code X-Hub-Signature}, discarded. */
  public long pushesBadSignature() {
    return pushesBadSignature.get();
  }

  /** Pushes for a feed with no subscription that takes content (404 or 410). */
  public long pushesUnknownFeed() {
    return pushesUnknownFeed.get();
  }

  /** Pushes answered 503 because too many bytes were waiting for the sink. */
  public long pushesBusy() {
    return pushesBusy.get();
  }

  @Override
  public String toString() {
    return "WebSubStats[confirmed="
        + verificationsConfirmed
        + ", refused="
        + verificationsRefused
        + ", denials="
        + denials
        + ", accepted="
        + pushesAccepted
        + ", unsigned="
        + pushesUnsigned
        + ", badSignature="
        + pushesBadSignature
        + ", unknownFeed="
        + pushesUnknownFeed
        + ", busy="
        + pushesBusy
        + "]";
  }
}
