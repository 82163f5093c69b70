package com.inkzee.web.greader;

import com.inkzee.rpc.api.store.SubscriptionMessages.SubscribeRequest;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import com.inkzee.web.http.WebResponse;
import com.inkzee.web.ranker.RankerGateway;
import java.util.ArrayList;
import java.util.List;

/**
 * Folder calls, {@code rename-tag} and {@code disable-tag}, as FreshRSS and Miniflux answer them: a
 * folder is nothing but the label its subscriptions carry, so renaming moves every subscription of
 * the folder to the new label (into an existing folder of that name: the two merge), and disabling
 * takes them out of any folder. Each subscription is updated in place through the ranker's
 * subscribe (same feed row: the reader's marks stay), one after the other: a failure part-way
 * leaves the rest where they were, and the same call again finishes the job.
 */
final class FolderCalls {
  private final RankerGateway ranker;

  FolderCalls(RankerGateway ranker) {
    this.ranker = ranker;
  }

  /**
   * rename-tag: {@code s=user/-/label/<old>} (or {@code t=<old>}), {@code dest=user/-/label/<new>}.
   */
  WebResponse rename(GReaderCall c) {
    String from = folder(c, "s", "t");
    String dest = c.params().first("dest");
    if (dest == null || dest.isBlank()) {
      throw GReaderException.badRequest("dest is required: the label to rename the folder to");
    }
    String to = label(dest, "dest", c.userId());
    List<Subscription> members = members(c, from);
    if (!to.equals(from)) {
      for (Subscription s : members) {
        move(c, s, to);
      }
    }
    return Replies.ok();
  }

  /** disable-tag: {@code s=user/-/label/<name>} (or {@code t=<name>}); its feeds stay followed. */
  WebResponse disable(GReaderCall c) {
    String folder = folder(c, "s", "t");
    for (Subscription s : members(c, folder)) {
      move(c, s, null);
    }
    return Replies.ok();
  }

  private void move(GReaderCall c, Subscription s, String folder) {
    ranker
        .ranker()
        .subscribe(
            SubscribeRequest.rearrange(c.userId(), s.feedUrl(), s.title(), folder, s.priority()));
  }

  /** The folder's subscriptions; 404 when the reader has no such folder. */
  private List<Subscription> members(GReaderCall c, String folder) {
    List<Subscription> members = new ArrayList<>();
    for (Subscription s : SubscriptionIndex.load(ranker, c.userId()).all()) {
      if (folder.equals(s.folder())) {
        members.add(s);
      }
    }
    if (members.isEmpty()) {
      throw new GReaderException(404, "you have no folder '" + ItemIds.abbreviate(folder) + "'");
    }
    return members;
  }

  /** The folder named by the stream parameter, or else by the plain-name one. */
  private static String folder(GReaderCall c, String streamParam, String nameParam) {
    String stream = c.params().first(streamParam);
    if (stream != null && !stream.isBlank()) {
      return label(stream, streamParam, c.userId());
    }
    String name = c.params().first(nameParam);
    if (name != null && !name.isBlank()) {
      return name.strip();
    }
    throw GReaderException.badRequest(
        streamParam + " (a label stream) or " + nameParam + " (a folder name) is required");
  }

  private static String label(String value, String param, long userId) {
    StreamId id = StreamId.parse(value, param, userId);
    if (id instanceof StreamId.Label l) {
      return l.folder();
    }
    throw GReaderException.badRequest(
        param
            + " must be a folder label ("
            + StreamId.LABEL_PREFIX
            + "<folder>), not "
            + ItemIds.abbreviate(value));
  }
}
