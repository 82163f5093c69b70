package com.inkzee.fetcher.websub;

import java.net.URI;

/**
 * Where verified WebSub content distributions go. The wiring parses and ingests them exactly like
 * fetched content. Only pushes whose {@code X-Hub-Signature} matched the subscription's secret
 * reach it.
 *
 * <p>Called on one of the callback server's push threads, never on a Netty event loop, so it may
 * block (RPC to the store); while it does, further pushes queue up to the server's byte bound and
 * are then answered 503 so the hub retries later.
 */
@FunctionalInterface
public interface PushSink {
  /**
   * @param feedId the feed the callback URL names
   * @param topic the topic we subscribed that feed to
   * @param body the raw pushed body, exactly as signed
   * @param contentType the push's {@code Content-Type}, or null if it had none
   */
  void accept(long feedId, URI topic, byte[] body, String contentType);
}
