package com.inkzee.ranker.filter;

import com.inkzee.ranker.window.WindowEntry;
import java.util.Objects;

/**
 * A {@link WindowEntry} with its fields folded by {@link TextNormalizer} on first use, so that
 * applying many users' {@link FilterSet}s to one new entry folds each field once. Folded text is
 * not kept in the window (it would double the memory of a million entries); a FoldedEntry lives for
 * one pass. Safe to share between threads: a field raced for is folded twice, to equal strings.
 */
public final class FoldedEntry {
  private final WindowEntry entry;
  private String title;
  private String text;
  private String author;
  private String url;
  private String categories;
  private String any;

  public FoldedEntry(WindowEntry entry) {
    this.entry = Objects.requireNonNull(entry, "entry");
  }

  public WindowEntry entry() {
    return entry;
  }

  /** The folded text of {@code field}: {@code " word word "}, fields and values split by breaks. */
  public String folded(FilterRule.Field field) {
    return switch (field) {
      case TITLE -> title != null ? title : (title = TextNormalizer.fold(entry.title()));
      case CONTENT -> text != null ? text : (text = TextNormalizer.fold(entry.text()));
      case AUTHOR -> author != null ? author : (author = TextNormalizer.fold(nz(entry.author())));
      case URL -> url != null ? url : (url = TextNormalizer.fold(nz(entry.url())));
      case CATEGORY -> categories != null ? categories : (categories = foldCategories());
      case ANY -> any != null ? any : (any = foldAny());
    };
  }

  private String foldCategories() {
    StringBuilder b = new StringBuilder();
    for (String c : entry.categories()) {
      if (b.length() > 0) {
        TextNormalizer.appendBreak(b);
      }
      TextNormalizer.foldInto(c, Integer.MAX_VALUE, b);
    }
    return b.length() == 0 ? " " : b.toString();
  }

  private String foldAny() {
    StringBuilder b = new StringBuilder();
    b.append(folded(FilterRule.Field.TITLE));
    for (FilterRule.Field f :
        new FilterRule.Field[] {
          FilterRule.Field.CONTENT,
          FilterRule.Field.AUTHOR,
          FilterRule.Field.URL,
          FilterRule.Field.CATEGORY
        }) {
      TextNormalizer.appendBreak(b);
      b.append(folded(f), 1, folded(f).length());
    }
    return b.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
