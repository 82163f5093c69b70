package com.inkzee.fetcher.push;

import com.inkzee.fetcher.parse.FeedParseException;
import com.inkzee.fetcher.parse.FeedParser;
import com.inkzee.fetcher.parse.ParsedFeed;
import com.inkzee.fetcher.poll.EntryIngester;
import com.inkzee.fetcher.poll.Fatal;
import com.inkzee.fetcher.websub.PushSink;
import com.inkzee.rpc.api.store.EntryMessages.IngestResponse;
import com.inkzee.rpc.status.RpcException;
import java.net.URI;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores content a hub pushed, exactly as polled content is stored: the same parser, sanitiser,
 * limits and idempotent ingest. A push that cannot be parsed or stored is logged and dropped; the
 * fallback poll fetches the same entries later, so nothing is lost for good.
 */
public final class PushIngester implements PushSink {
  private static final Logger log = LoggerFactory.getLogger(PushIngester.class);

  private final FeedParser parser;
  private final EntryIngester ingester;
  private final LongAdder stored = new LongAdder();
  private final LongAdder failed = new LongAdder();

  public PushIngester(FeedParser parser, EntryIngester ingester) {
    this.parser = parser;
    this.ingester = ingester;
  }

  @Override
  public void accept(long feedId, URI topic, byte[] body, String contentType) {
    try {
      ParsedFeed parsed = parser.parse(body, contentType, topic);
      IngestResponse r = ingester.ingest(feedId, parsed.entries());
      stored.increment();
      log.debug(
          "push for feed {}: {} entries, {} new, {} updated",
          feedId,
          parsed.entries().size(),
          r.inserted(),
          r.updated());
    } catch (FeedParseException e) {
      failed.increment();
      log.info(
          "push for feed {} from {} is not a feed we can read: {}", feedId, topic, e.getMessage());
    } catch (RpcException e) {
      failed.increment();
      log.warn("push for feed {} not stored: {}; the next poll fetches it", feedId, e.getMessage());
    } catch (RuntimeException | Error e) {
      if (Fatal.isFatal(e)) {
        log.error("push for feed {} from {}: the JVM failed; giving up", feedId, topic, e);
        throw e;
      }
      failed.increment();
      log.error("push for feed {} from {} failed with a bug", feedId, topic, e);
    }
  }

  /** Pushes stored since start. */
  public long stored() {
    return stored.sum();
  }

  /** Pushes dropped (unparsable, or the store did not take them). */
  public long failed() {
    return failed.sum();
  }
}
