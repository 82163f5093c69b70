package com.inkzee.ranker.alert;

import com.inkzee.ranker.filter.TextNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An alert's query, parsed: the store's web-search syntax, plus commas for alternatives.
 *
 * <pre>
 *   rust "memory safety" -job, "zig language"
 * </pre>
 *
 * <ul>
 *   <li>Commas (outside quotes) separate <b>alternatives</b>: the alert fires if any clause holds.
 *   <li>In a clause, every bare word and every {@code "quoted phrase"} must appear (AND), each on
 *       word boundaries, a phrase as consecutive words; {@code -word} or {@code -"phrase"} must not
 *       appear.
 *   <li>Matching is case- and accent-insensitive ({@link TextNormalizer}); a bare word that folds
 *       to several words ({@code e-mail}) is read as the phrase of those words.
 *   <li>A clause needs at least one word or phrase that must appear; an unclosed quote runs to the
 *       end of the clause.
 * </ul>
 *
 * @param clauses the alternatives
 */
public record AlertQuery(List<Clause> clauses) {
  /** Longest query: the store's limit for alert and search queries (1 KiB). */
  public static final int MAX_QUERY_CHARS = 1_024;

  /**
   * One alternative: folded terms ({@code "word word"}, single-spaced, no padding).
   *
   * @param required terms that must all appear
   * @param excluded terms none of which may appear
   */
  public record Clause(List<String> required, List<String> excluded) {
    public Clause {
      required = List.copyOf(required);
      excluded = List.copyOf(excluded);
    }
  }

  public AlertQuery {
    clauses = List.copyOf(clauses);
  }

  /**
   * Parses {@code query}.
   *
   * @throws IllegalArgumentException if it is longer than {@link #MAX_QUERY_CHARS}, has no clause,
   *     or has a clause with nothing that must appear
   */
  public static AlertQuery parse(String query) {
    if (query.length() > MAX_QUERY_CHARS) {
      throw new IllegalArgumentException(
          "query of " + query.length() + " chars exceeds the " + MAX_QUERY_CHARS + "-char limit");
    }
    List<Clause> clauses = new ArrayList<>();
    Set<String> required = new LinkedHashSet<>();
    Set<String> excluded = new LinkedHashSet<>();
    int i = 0;
    int n = query.length();
    while (i <= n) {
      char c = i < n ? query.charAt(i) : ',';
      if (c == ',') {
        if (!required.isEmpty() || !excluded.isEmpty()) {
          if (required.isEmpty()) {
            throw new IllegalArgumentException(
                "query '" + query + "': a clause has only excluded words; name what must appear");
          }
          clauses.add(new Clause(List.copyOf(required), List.copyOf(excluded)));
          required.clear();
          excluded.clear();
        }
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean exclude = c == '-' && i + 1 < n && !Character.isWhitespace(query.charAt(i + 1));
      if (exclude) {
        i++;
      }
      int end;
      String raw;
      if (query.charAt(i) == '"') {
        int close = query.indexOf('"', i + 1);
        int comma = query.indexOf(',', i + 1);
        end = close < 0 ? (comma < 0 ? n : comma) : close;
        raw = query.substring(i + 1, end);
        end = close < 0 ? end : end + 1;
      } else {
        end = i;
        while (end < n && !Character.isWhitespace(query.charAt(end)) && query.charAt(end) != ',') {
          end++;
        }
        raw = query.substring(i, end);
      }
      String term = String.join(" ", TextNormalizer.words(raw));
      if (!term.isEmpty()) {
        (exclude ? excluded : required).add(term);
      }
      i = end;
    }
    if (clauses.isEmpty()) {
      throw new IllegalArgumentException("query '" + query + "' has no words to look for");
    }
    return new AlertQuery(clauses);
  }
}
