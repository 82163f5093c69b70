package com.inkzee.ranker.cluster;

import java.util.Locale;
import java.util.Set;

/**
 * The form of an entry's link under which two feeds' copies of one story compare equal, so that the
 * same article shared with different tracking tags collapses into one river item.
 *
 * <p>Normalisation of an {@code http} or {@code https} URL:
 *
 * <ul>
 *   <li>scheme and host lower-cased; {@code http} folded into {@code https} (feeds disagree on the
 *       scheme of the same page far more often than two pages differ only by it);
 *   <li>a leading {@code www.} dropped, the default port (80, 443) dropped, user info kept;
 *   <li>the fragment dropped;
 *   <li>tracking parameters removed: any name starting with {@code utm_}, and {@link
 *       #TRACKING_PARAMETERS} (names compared case-insensitively); the other parameters keep their
 *       order and spelling; an empty query is dropped;
 *   <li>trailing slashes of the path dropped ({@code /a/} and {@code /a} are one page on nearly
 *       every site, and the bare host is {@code https://host}).
 * </ul>
 *
 * Other schemes and links that do not parse as {@code scheme://authority...} are returned trimmed,
 * fragment dropped, otherwise unchanged.
 */
public final class CanonicalUrl {
  /**
   * Query parameters that say where a click came from, not which page it is: from the
   * campaign-tagging conventions of Google (gclid, dclid, gbraid, wbraid), Meta (fbclid, igshid),
   * Microsoft (msclkid), Yandex (yclid), Mailchimp (mc_cid, mc_eid), HubSpot (_hsenc, _hsmi),
   * Marketo (mkt_tok), Twitter (ref_src, ref_url) and the generic {@code ref}; {@code utm_*} is
   * matched by prefix.
   */
  public static final Set<String> TRACKING_PARAMETERS =
      Set.of(
          "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
          "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src", "ref_url");

  private CanonicalUrl() {}

  /** The canonical form of {@code url}, or null when it is null or blank. */
  public static String of(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String s = url.trim();
    int hash = s.indexOf('#');
    if (hash >= 0) {
      s = s.substring(0, hash);
    }
    int schemeEnd = s.indexOf("://");
    if (schemeEnd <= 0) {
      return s;
    }
    String scheme = s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return scheme + s.substring(schemeEnd);
    }
    String rest = s.substring(schemeEnd + 3);
    int authorityEnd = indexOfAny(rest, '/', '?');
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String pathAndQuery = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);

    StringBuilder out = new StringBuilder(s.length()).append("https://");
    out.append(host(authority, scheme));
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    out.append(path, 0, end);
    String kept = keptQuery(query);
    if (!kept.isEmpty()) {
      out.append('?').append(kept);
    }
    return out.toString();
  }

  /** Whether a query parameter name is a tracking tag (see {@link #TRACKING_PARAMETERS}). */
  public static boolean isTrackingParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.startsWith("utm_") || TRACKING_PARAMETERS.contains(lower);
  }

  private static String host(String authority, String scheme) {
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hostPort = authority.substring(at + 1).toLowerCase(Locale.ROOT);
    if (hostPort.startsWith("www.")) {
      hostPort = hostPort.substring(4);
    }
    if ((scheme.equals("http") && hostPort.endsWith(":80"))
        || (scheme.equals("https") && hostPort.endsWith(":443"))) {
      hostPort = hostPort.substring(0, hostPort.lastIndexOf(':'));
    }
    return userInfo + hostPort;
  }

  private static String keptQuery(String query) {
    if (query.isEmpty()) {
      return "";
    }
    StringBuilder kept = new StringBuilder(query.length());
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (isTrackingParameter(name)) {
        continue;
      }
      if (kept.length() > 0) {
        kept.append('&');
      }
      kept.append(pair);
    }
    return kept.toString();
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
