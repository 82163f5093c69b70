package com.inkzee.web.ranker;

import com.inkzee.rpc.api.ranker.RankerMessages.EntriesRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesResponse;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.client.RpcClient;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The web reader's one connection to the backend: an Inkzee RPC client of the ranker. With no
 * connection ready (the ranker is down or not yet up) calls wait only {@link #DOWN_WAIT} for one,
 * so a reader gets a clear 503 quickly instead of waiting out a whole call timeout.
 */
public final class RankerGateway implements AutoCloseable {
  /** Most calls: the ranker answers from memory or one store query. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  /** Calls that read the web or a whole OPML file through the fetcher. */
  public static final Duration SLOW_CALL_TIMEOUT = Duration.ofMinutes(2);

  /** How long a call waits for a connection when none is ready. */
  static final Duration DOWN_WAIT = Duration.ofSeconds(2);

  private final RpcClient<RankerService> client;
  private final RankerService normal;
  private final RankerService slow;

  /** {@code tls}: client TLS trusting the ranker's certificate, or null for plain TCP. */
  public RankerGateway(List<Endpoint> endpoints, String authToken, SslContext tls) {
    this.client =
        RpcClient.connect(
            InkzeeCatalogue.get(),
            RankerService.class,
            ClientConfig.defaults(endpoints)
                .withAuthToken(authToken)
                .withSsl(tls)
                .withCallTimeout(CALL_TIMEOUT));
    this.normal = client.stub();
    this.slow = client.stub(SLOW_CALL_TIMEOUT);
  }

  /** A stub for an ordinary call. */
  public RankerService ranker() {
    return ready() ? normal : client.stub(DOWN_WAIT);
  }

  /** A stub for a call through the fetcher (discovery, OPML). */
  public RankerService slowRanker() {
    return ready() ? slow : client.stub(DOWN_WAIT);
  }

  /**
   * A stub for a call through the fetcher that may take at most {@code budget} (what is left of a
   * request's time), never more than {@link #SLOW_CALL_TIMEOUT}.
   */
  public RankerService slowRanker(Duration budget) {
    Duration most = ready() ? SLOW_CALL_TIMEOUT : DOWN_WAIT;
    return client.stub(budget.compareTo(most) < 0 ? budget : most);
  }

  /**
   * The user's entries among {@code ids}, in that order, as {@link RankerService#entries} answers
   * them, asking again for the ids an answer deferred: a page of entries with large content does
   * not fit one answer (the store stops each at 8 MiB of text).
   */
  public List<Entry> entries(long userId, List<Long> ids, boolean withContent) {
    List<Entry> out = new ArrayList<>();
    List<Long> asked = ids;
    while (!asked.isEmpty()) {
      GetEntriesResponse r = ranker().entries(new EntriesRequest(userId, asked, withContent));
      out.addAll(r.entries());
      if (r.deferredIds().size() >= asked.size()) {
        break; // nothing was read: asking again would loop (no store answers so, but be safe)
      }
      asked = r.deferredIds();
    }
    return out;
  }

  /** The RPC client itself: for its call metrics and the health check's ping. */
  public RpcClient<RankerService> client() {
    return client;
  }

  public boolean ready() {
    return client.readyConnections() > 0;
  }

  /** Waits up to {@code timeout} for a connection (start-up logging; tests). */
  public boolean awaitReady(Duration timeout) {
    return client.awaitReady(timeout);
  }

  @Override
  public void close() {
    client.close();
  }
}
