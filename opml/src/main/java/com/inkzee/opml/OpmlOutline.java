package com.inkzee.opml;

import java.util.List;
import java.util.Objects;

/**
 * One feed of an OPML subscription list.
 *
 * @param xmlUrl the feed's address, as written in the file (not validated or fetched); empty for an
 *     outline marked as a feed that names no address
 * @param title the feed's display name: the outline's {@code title}, else its {@code text}, else
 *     the feed address
 * @param htmlUrl the site's address, or null when the file gives none
 * @param categories the folder path from the outermost folder inward, empty at top level
 */
public record OpmlOutline(String xmlUrl, String title, String htmlUrl, List<String> categories) {
  public OpmlOutline {
    Objects.requireNonNull(xmlUrl, "xmlUrl");
    Objects.requireNonNull(title, "title");
    categories = List.copyOf(Objects.requireNonNull(categories, "categories"));
  }
}
