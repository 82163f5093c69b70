package com.inkzee.cli.output;

import com.inkzee.cli.users.UserDirectory.ResolvedUser;
import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.ScorePart;
import com.inkzee.rpc.api.store.SubscriptionMessages.Subscription;
import java.util.List;

/**
 * The JSON shapes shared by several commands' {@code --json} documents: a user, a subscription, a
 * river item. Each is a record whose components are the JSON keys, in order (docs/CLI.md).
 */
public final class Views {
  private Views() {}

  /** {@code {"id", "name", "created"}}: created is true when this command created the user. */
  public record UserView(long id, String name, boolean created) {
    public static UserView of(ResolvedUser u) {
      return new UserView(u.id(), u.name(), u.created());
    }
  }

  /** A subscription as the store lists it. */
  public record SubscriptionView(
      long feedId,
      String feedUrl,
      String title,
      String siteUrl,
      String folder,
      int priority,
      String feedState,
      boolean failing,
      String lastError) {
    public static SubscriptionView of(Subscription s) {
      return new SubscriptionView(
          s.feedId(),
          s.feedUrl(),
          s.title(),
          s.siteUrl(),
          s.folder(),
          s.priority(),
          s.feedState() == null ? null : s.feedState().name(),
          s.failing(),
          s.lastError());
    }
  }

  /** One part of an item's score. */
  public record ScoreView(String factor, double points, String why) {}

  /** Another feed's copy of the same story, collapsed under the item. */
  public record AlsoInView(long entryId, long feedId, String feedTitle, String url) {}

  /** An entry as the river shows it. */
  public record ItemView(
      long entryId,
      long feedId,
      String feedTitle,
      String title,
      String url,
      String author,
      String summary,
      String sortAt,
      boolean read,
      boolean starred,
      int liking,
      double score,
      List<ScoreView> why,
      List<AlsoInView> alsoIn,
      int readingSeconds,
      List<String> categories) {
    public static ItemView of(RiverItem i) {
      return new ItemView(
          i.entryId(),
          i.feedId(),
          i.feedTitle(),
          i.title(),
          i.url(),
          i.author(),
          i.summary(),
          Json.time(i.sortAt()),
          i.read(),
          i.starred(),
          i.liking(),
          i.score(),
          i.why() == null ? List.of() : i.why().stream().map(Views::score).toList(),
          i.alsoIn() == null ? List.of() : i.alsoIn().stream().map(Views::alsoIn).toList(),
          i.readingSeconds(),
          i.categories() == null ? List.of() : i.categories());
    }
  }

  private static ScoreView score(ScorePart p) {
    return new ScoreView(p.factor(), p.points(), p.why());
  }

  private static AlsoInView alsoIn(AlsoIn a) {
    return new AlsoInView(a.entryId(), a.feedId(), a.feedTitle(), a.url());
  }
}
