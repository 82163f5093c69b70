package com.inkzee.cli.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the dates of a sample feed relative to a fixed moment, so the demo's stories are always
 * recent (the ranker keeps two weeks; a file with fixed dates would age out of every river). The
 * files carry {@code {{rfc822:-3h}}} (RSS's date form) or {@code {{iso:-3h}}} (Atom's): that many
 * minutes ({@code m}), hours ({@code h}) or days ({@code d}) before the moment.
 */
public final class DemoTemplate {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{(rfc822|iso):-(\\d{1,4})([mhd])\\}\\}");

  private DemoTemplate() {}

  /** {@code text} with every date placeholder replaced, as of {@code now}. */
  public static String render(String text, Instant now) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      long amount = Long.parseLong(m.group(2));
      Duration ago =
          switch (m.group(3)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      Instant at = now.minus(ago).truncatedTo(ChronoUnit.SECONDS);
      String date =
          m.group(1).equals("iso")
              ? at.toString()
              : DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
      m.appendReplacement(out, Matcher.quoteReplacement(date));
    }
    m.appendTail(out);
    return out.toString();
  }
}
