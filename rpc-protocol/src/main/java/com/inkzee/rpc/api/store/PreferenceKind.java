package com.inkzee.rpc.api.store;

/**
 * What a user's preference (the trainer's like or dislike, new in 1.3) is about.
 *
 * <ul>
 *   <li>{@code AUTHOR}: the entry's author, equal ignoring case and surrounding spaces;
 *   <li>{@code CATEGORY}: one of the entry's categories, equal ignoring case;
 *   <li>{@code TITLE}: a word or phrase in the entry's title, as whole words, ignoring case;
 *   <li>{@code FEED}: the feed itself; the value is the feed id in decimal;
 *   <li>{@code URL}: a substring of the entry's URL, ignoring case (e.g. {@code /sponsored/}).
 * </ul>
 */
public enum PreferenceKind {
  AUTHOR,
  CATEGORY,
  TITLE,
  FEED,
  URL
}
