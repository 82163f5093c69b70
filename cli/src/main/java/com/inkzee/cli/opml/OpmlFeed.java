package com.inkzee.cli.opml;

import java.util.List;

/**
 * A feed outline of an OPML file: its address ({@code null} when the outline is marked as a feed
 * but names none), title, site and the folder path it sits in (outermost first).
 */
public record OpmlFeed(String xmlUrl, String title, String htmlUrl, List<String> folders) {
  public OpmlFeed {
    folders = List.copyOf(folders);
  }
}
