package com.inkzee.web.greader;

import com.inkzee.opml.InvalidOpmlException;
import com.inkzee.opml.OpmlReader;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ExportOpmlRequest;
import com.inkzee.rpc.api.fetcher.FetcherMessages.ImportOpmlRequest;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.nio.charset.StandardCharsets;

/**
 * {@code subscription/export} and {@code subscription/import}, as FreshRSS answers them: the
 * reader's subscriptions as an OPML document, and an OPML document sent as the request body (not a
 * form) subscribed to, folders from its outline groups. Both go through the ranker to the fetcher,
 * as the web page's OPML does, with the same rules and limits.
 */
final class OpmlCalls {
  private final RankerGateway ranker;

  OpmlCalls(RankerGateway ranker) {
    this.ranker = ranker;
  }

  WebResponse export(GReaderCall c) {
    String opml = ranker.slowRanker().exportOpml(new ExportOpmlRequest(c.userId())).opml();
    return new WebResponse(
        200, "text/x-opml; charset=utf-8", opml.getBytes(StandardCharsets.UTF_8));
  }

  /** Subscribes to the document's feeds; {@code OK}, or 400 saying why it is not usable OPML. */
  WebResponse importDocument(GReaderCall c) {
    byte[] body = c.request().body();
    if (body.length == 0) {
      throw GReaderException.badRequest("send the OPML document as the request body");
    }
    // The file's own bytes, so the file's own encoding: the import takes text, and reading a
    // Latin-1 file as UTF-8 here would garble every accented title and folder.
    String text;
    try {
      text = new OpmlReader().decode(body);
    } catch (InvalidOpmlException e) {
      throw GReaderException.badRequest(e.getMessage());
    }
    ranker.slowRanker().importOpml(new ImportOpmlRequest(c.userId(), text));
    return Replies.ok();
  }
}
