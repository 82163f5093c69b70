package com.inkzee.store.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subset of PostgreSQL's {@code websearch_to_tsquery} syntax that the embedded store can answer
 * with LIKE: words and "quoted phrases" that must all appear, and -words that must not. {@code or}
 * is not supported there and is read as an ordinary word (docs/STORE.md).
 *
 * @param required lower-cased words and phrases that must each appear
 * @param excluded lower-cased words that must not appear
 */
public record WebSearchQuery(List<String> required, List<String> excluded) {

  public static WebSearchQuery parse(String query) {
    List<String> required = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    String q = query.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < q.length()) {
      char ch = q.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '"') {
        int end = q.indexOf('"', i + 1);
        end = end < 0 ? q.length() : end;
        String phrase = q.substring(i + 1, end).strip();
        if (!phrase.isEmpty()) {
          required.add(phrase);
        }
        i = end + 1;
      } else {
        int end = i;
        while (end < q.length() && !Character.isWhitespace(q.charAt(end))) {
          end++;
        }
        String word = q.substring(i, end);
        if (word.startsWith("-") && word.length() > 1) {
          excluded.add(word.substring(1));
        } else if (!word.equals("-")) {
          required.add(word);
        }
        i = end;
      }
    }
    return new WebSearchQuery(List.copyOf(required), List.copyOf(excluded));
  }

  /**
   * Whether some required word or phrase has a letter or digit: what PostgreSQL's parser keeps as a
   * lexeme ("!!!" alone gives it nothing to find).
   */
  public boolean hasWordToFind() {
    return required.stream().anyMatch(w -> w.chars().anyMatch(Character::isLetterOrDigit));
  }

  /** A LIKE pattern matching {@code text} anywhere, with LIKE's wildcards escaped by '\'. */
  public static String contains(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
