package com.inkzee.web.greader;

/**
 * A stream, as the dialect names it: the reading list, the starred and read states, one feed
 * ({@code feed/<feedId>}, as FreshRSS and Miniflux name feeds; {@code feed/<url>} is accepted too
 * and looked up among the reader's subscriptions) or one folder ({@code user/-/label/<folder>}).
 * {@code user/<userId>/...} is accepted for {@code user/-/...}, as Miniflux does.
 */
sealed interface StreamId {
  String READING_LIST = "user/-/state/com.google/reading-list";
  String STARRED = "user/-/state/com.google/starred";
  String READ = "user/-/state/com.google/read";
  String UNREAD = "user/-/state/com.google/unread";
  String KEPT_UNREAD = "user/-/state/com.google/kept-unread";
  String LIKE = "user/-/state/com.google/like";
  String BROADCAST = "user/-/state/com.google/broadcast";
  String LABEL_PREFIX = "user/-/label/";
  String FEED_PREFIX = "feed/";

  /** The canonical id, as answers carry it. */
  String id();

  /** The reading list: every followed feed. */
  record ReadingList() implements StreamId {
    public String id() {
      return READING_LIST;
    }
  }

  /** A state stream: starred or read (or unread, which Google Reader knew as a filter). */
  record State(String name) implements StreamId {
    public String id() {
      return "user/-/state/com.google/" + name;
    }
  }

  /** One feed by id. */
  record Feed(long feedId) implements StreamId {
    public String id() {
      return FEED_PREFIX + feedId;
    }
  }

  /** One feed named by its URL, to be looked up among the reader's subscriptions. */
  record FeedUrl(String url) implements StreamId {
    public String id() {
      return FEED_PREFIX + url;
    }
  }

  /** One folder. */
  record Label(String folder) implements StreamId {
    public String id() {
      return LABEL_PREFIX + folder;
    }
  }

  static String labelId(String folder) {
    return LABEL_PREFIX + folder;
  }

  static String feedId(long feedId) {
    return FEED_PREFIX + feedId;
  }

  /**
   * Parses a stream id for {@code param}; {@code userId} is the reader's own id, accepted in place
   * of {@code -}. 400 naming the parameter for anything else.
   */
  static StreamId parse(String text, String param, long userId) {
    if (text == null || text.isBlank()) {
      throw GReaderException.badRequest(
          param + " is required: a stream id such as " + READING_LIST);
    }
    String s = normaliseUser(text.strip(), userId);
    if (s.startsWith(FEED_PREFIX)) {
      String rest = s.substring(FEED_PREFIX.length());
      if (!rest.isEmpty() && rest.chars().allMatch(Character::isDigit) && rest.length() < 19) {
        long id = Long.parseLong(rest);
        if (id > 0) {
          return new Feed(id);
        }
      } else if (rest.startsWith("http://") || rest.startsWith("https://")) {
        return new FeedUrl(rest);
      }
      throw GReaderException.badRequest(
          param + ": " + ItemIds.abbreviate(s) + " is not feed/<feed id> nor feed/<feed URL>");
    }
    if (s.startsWith(LABEL_PREFIX)) {
      String folder = s.substring(LABEL_PREFIX.length());
      if (folder.isBlank()) {
        throw GReaderException.badRequest(param + ": the label name is empty");
      }
      return new Label(folder);
    }
    return switch (s) {
      case READING_LIST -> new ReadingList();
      case STARRED -> new State("starred");
      case READ -> new State("read");
      case UNREAD -> new State("unread");
      default ->
          throw GReaderException.badRequest(
              param
                  + ": unknown stream '"
                  + ItemIds.abbreviate(text)
                  + "'; known: "
                  + READING_LIST
                  + ", "
                  + STARRED
                  + ", "
                  + READ
                  + ", feed/<id>, "
                  + LABEL_PREFIX
                  + "<folder>");
    };
  }

  /** {@code user/<userId>/...} as {@code user/-/...}; other ids unchanged. */
  static String normaliseUser(String s, long userId) {
    String own = "user/" + userId + "/";
    return s.startsWith(own) ? "user/-/" + s.substring(own.length()) : s;
  }
}
