package com.inkzee.fetcher.rpc;

import com.inkzee.fetcher.discover.FeedDiscoverer;
import com.inkzee.opml.InvalidOpmlException;
import com.inkzee.opml.OpmlOutline;
import com.inkzee.opml.OpmlReader;
import com.inkzee.opml.OpmlWriter;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoverResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.DiscoveredFeed;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlResponse;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.RefreshResponse;
import com.inkzee.rpc.api.fetcher.FetcherService;
import com.inkzee.rpc.api.health.PingRequest;
import com.inkzee.rpc.api.health.PingResponse;
import com.inkzee.rpc.api.store.FeedState;
import com.inkzee.rpc.api.store.FeedUrls;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueRequest;
import com.inkzee.rpc.api.store.LeaseMessages.MakeDueResponse;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.OpmlExportResponse;
import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fetcher's Inkzee RPC face: feed discovery, OPML import and export (subscriptions live in the
 * store; the fetcher reads and writes the XML), and refresh-now.
 */
public final class FetcherRpcHandler implements FetcherService {
  /** Problems listed in an import answer; past this, a count stands for the rest. */
  static final int MAX_LISTED_PROBLEMS = 100;

  private final StoreService store;
  private final FeedDiscoverer discoverer;
  private final Clock clock;
  private volatile java.util.function.BooleanSupplier ready = () -> true;

  public FetcherRpcHandler(StoreService store, FeedDiscoverer discoverer, Clock clock) {
    this.store = store;
    this.discoverer = discoverer;
    this.clock = clock;
  }

  /**
   * How {@link #ping} tells whether this fetcher is ready: its own dependencies answer (the store).
   * It must be cheap: it runs on every ping. Without it (tests), always ready.
   */
  public FetcherRpcHandler readyWhen(java.util.function.BooleanSupplier ready) {
    this.ready = ready;
    return this;
  }

  @Override
  public PingResponse ping(PingRequest request) {
    return new PingResponse(
        "fetcher",
        InkzeeCatalogue.get().version(),
        clock.instant(),
        request.echo(),
        ready.getAsBoolean());
  }

  @Override
  public DiscoverResponse discoverFeeds(DiscoverRequest request) {
    URI url = webUrl(request.url(), "url");
    try {
      List<DiscoveredFeed> feeds = new ArrayList<>();
      for (var f : discoverer.discover(url)) {
        feeds.add(
            new DiscoveredFeed(
                f.url().toString(), f.title(), f.format().name().toLowerCase(Locale.ROOT)));
      }
      return new DiscoverResponse(feeds);
    } catch (IOException e) {
      throw new RpcException(
          Status.FAILED_PRECONDITION, "cannot read " + url + ": " + e.getMessage());
    }
  }

  @Override
  public ImportOpmlResponse importOpml(ImportOpmlRequest request) {
    if (request.opml() == null || request.opml().isBlank()) {
      throw new RpcException(Status.INVALID_ARGUMENT, "opml is empty");
    }
    List<OpmlOutline> outlines;
    try {
      outlines = new OpmlReader().read(request.opml());
    } catch (InvalidOpmlException e) {
      throw new RpcException(
          Status.INVALID_ARGUMENT, "not a usable OPML document: " + e.getMessage());
    }
    int subscribed = 0;
    int alreadyFollowed = 0;
    List<String> problems = new ArrayList<>();
    int unlisted = 0;
    Set<String> seen = new HashSet<>();
    for (OpmlOutline o : outlines) {
      String problem = null;
      if (o.xmlUrl() == null || o.xmlUrl().isBlank()) {
        problem = "outline '" + o.title() + "' has no xmlUrl";
      } else if (!seen.add(FeedUrls.duplicateKey(o.xmlUrl()))) {
        // As the store tells feeds apart: another spelling of a feed listed before is a
        // duplicate, not a second subscription reported as "already followed".
        problem = o.xmlUrl() + ": listed twice, imported once";
      } else {
        try {
          URI url = webUrl(o.xmlUrl(), "xmlUrl");
          String folder = o.categories().isEmpty() ? null : String.join("/", o.categories());
          // A feed the reader already follows keeps the title, folder and priority they gave it:
          // an import adds what is missing, it never rearranges.
          boolean followed =
              store
                  .subscribe(
                      new SubscribeRequest(
                          request.userId(), url.toString(), o.title(), folder, 0, true))
                  .alreadyFollowed();
          subscribed++;
          if (followed) {
            alreadyFollowed++;
          }
        } catch (RpcException e) {
          if (e.status() == Status.NOT_FOUND) {
            throw e; // no such user: nothing of the document can be imported
          }
          if (e.status() != Status.INVALID_ARGUMENT) {
            throw e; // the store is unavailable: the caller retries the whole (idempotent) import
          }
          problem = o.xmlUrl() + ": " + e.detail();
        }
      }
      if (problem != null) {
        if (problems.size() < MAX_LISTED_PROBLEMS) {
          problems.add(problem);
        } else {
          unlisted++;
        }
      }
    }
    if (unlisted > 0) {
      problems.add("... and " + unlisted + " more");
    }
    return new ImportOpmlResponse(
        subscribed, outlines.size() - subscribed, problems, alreadyFollowed);
  }

  @Override
  public ExportOpmlResponse exportOpml(ExportOpmlRequest request) {
    OpmlExportResponse data = store.exportOpml(new OpmlExportRequest(request.userId()));
    List<OpmlOutline> outlines = new ArrayList<>();
    for (var o : data.outlines()) {
      outlines.add(
          new OpmlOutline(
              o.feedUrl(),
              // A feed not fetched yet, or one without a title: its address names it, as on import.
              o.title() == null || o.title().isBlank() ? o.feedUrl() : o.title(),
              o.siteUrl(),
              o.folder() == null ? List.of() : List.of(o.folder().split("/"))));
    }
    String title =
        "Inkzee subscriptions" + (data.userName() == null ? "" : " of " + data.userName());
    return new ExportOpmlResponse(new OpmlWriter().write(title, outlines));
  }

  @Override
  public RefreshResponse refreshFeed(RefreshRequest request) {
    MakeDueResponse r = store.makeFeedDue(new MakeDueRequest(request.feedId()));
    return new RefreshResponse(r.feedState() == FeedState.ACTIVE);
  }

  /** An absolute http(s) URL, or INVALID_ARGUMENT naming the field and the value. */
  private static URI webUrl(String text, String field) {
    if (text == null || text.isBlank()) {
      throw new RpcException(Status.INVALID_ARGUMENT, field + " is empty");
    }
    try {
      URI u = new URI(text.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new RpcException(
            Status.INVALID_ARGUMENT, field + " '" + text + "' is not an absolute http(s) URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new RpcException(
          Status.INVALID_ARGUMENT, field + " '" + text + "' is not a URL: " + e.getReason());
    }
  }
}
