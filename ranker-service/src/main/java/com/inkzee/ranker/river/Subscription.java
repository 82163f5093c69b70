package com.inkzee.ranker.river;

/**
 * How one reader follows one feed: where they file it, how much they want it, what they call it.
 *
 * @param folder the reader's folder, or null for none
 * @param priority the reader's priority for the feed (0 neutral; settings offer -2..2)
 * @param title the reader's name for the feed (shown in "also in"), never null
 */
public record Subscription(String folder, int priority, String title) {
  public Subscription {
    title = title == null ? "" : title;
  }
}
