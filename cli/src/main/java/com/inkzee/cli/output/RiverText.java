package com.inkzee.cli.output;

import com.inkzee.rpc.api.ranker.RankerMessages.AlsoIn;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverItem;
import com.inkzee.rpc.api.ranker.RankerMessages.ScorePart;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints river items for a terminal, three lines each: rank, score and title with its feed; the
 * link, reading time and the other feeds carrying the story; why it scored as it did.
 */
public final class RiverText {
  private RiverText() {}

  public static void item(PrintWriter out, int rank, RiverItem i, String summary) {
    out.printf(
        Locale.ROOT,
        "%3d. [%5.2f] %s%s — %s%n",
        rank,
        i.score(),
        i.read() ? "(read) " : "",
        i.title() == null || i.title().isBlank() ? "(untitled)" : i.title(),
        i.feedTitle() == null ? "feed " + i.feedId() : i.feedTitle());
    List<String> facts = new ArrayList<>();
    if (i.url() != null) {
      facts.add(i.url());
    }
    facts.add(minutes(i.readingSeconds()) + " read");
    if (i.alsoIn() != null && !i.alsoIn().isEmpty()) {
      List<String> feeds = new ArrayList<>();
      for (AlsoIn a : i.alsoIn()) {
        feeds.add(a.feedTitle() == null ? "feed " + a.feedId() : a.feedTitle());
      }
      facts.add(
          "also in "
              + i.alsoIn().size()
              + (i.alsoIn().size() == 1 ? " feed" : " feeds")
              + " ("
              + String.join(", ", feeds)
              + ")");
    }
    out.println("     " + String.join(" · ", facts));
    if (summary != null && !summary.isBlank()) {
      out.println("     " + summary.strip());
    }
    if (i.why() != null && !i.why().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (ScorePart p : i.why()) {
        parts.add(String.format(Locale.ROOT, "%s %+.2f (%s)", p.factor(), p.points(), p.why()));
      }
      out.println("     why: " + String.join("; ", parts));
    }
  }

  /** Reading time as people say it: "under a minute", "1 min", "7 min". */
  public static String minutes(int seconds) {
    if (seconds < 60) {
      return "under a minute";
    }
    return Math.round(seconds / 60.0) + " min";
  }
}
