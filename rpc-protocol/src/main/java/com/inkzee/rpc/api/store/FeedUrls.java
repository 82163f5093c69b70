package com.inkzee.rpc.api.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Normalises feed URLs so that one feed has one row: {@code HTTP://Example.COM:80/feed#top} and
 * {@code http://example.com/feed} are the same feed. Only the parts that never change the resource
 * are normalised (scheme and host case, default port, fragment, empty path); the path and query are
 * kept as they are, since servers may treat their case and order as meaningful.
 *
 * <p>Here, next to the store's contract, rather than in the store: whoever needs to know whether
 * two spellings are one feed before asking the store (an OPML import counting duplicates, the
 * command line finding a subscription by URL) compares with the store's own normalisation.
 */
public final class FeedUrls {
  private FeedUrls() {}

  /** The normalised URL, or IllegalArgumentException saying why it is not a feed URL. */
  public static String normalise(String url) {
    return normalise("feedUrl", url);
  }

  /** As {@link #normalise(String)}, naming {@code field} in the message. */
  public static String normalise(String field, String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(field + " is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(field + " must be http or https, not '" + scheme + "'");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException(field + " has no host");
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder out = new StringBuilder(scheme).append("://");
    if (uri.getRawUserInfo() != null) {
      out.append(uri.getRawUserInfo()).append('@');
    }
    out.append(host.toLowerCase(Locale.ROOT));
    if (!defaultPort) {
      out.append(':').append(port);
    }
    out.append(path);
    if (uri.getRawQuery() != null) {
      out.append('?').append(uri.getRawQuery());
    }
    return out.toString();
  }

  /**
   * What makes two spellings of one feed equal before the store is asked, as when an OPML file's
   * duplicates are counted: the normalised URL; text that is no feed URL stays as written
   * (stripped), for the store to refuse with its reason.
   */
  public static String duplicateKey(String url) {
    try {
      return normalise(url);
    } catch (IllegalArgumentException e) {
      return url.strip();
    }
  }

  /** SHA-256 hex of the normalised URL: the feed's unique key. */
  public static String hash(String normalisedUrl) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(normalisedUrl.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
