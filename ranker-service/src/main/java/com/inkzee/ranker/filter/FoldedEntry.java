package com.inkzee.ranker.filter;

import com.inkzee.ranker.window.WindowEntry;
import java.util.List;
import java.util.Objects;

/**
 * A {@link WindowEntry} with each field folded into words and indexed by word ({@link FoldedField})
 * on first use, so that applying many users' {@link FilterSet}s to one new entry folds each field
 * once, and only the fields some rule reads. Folded text is not kept in the window (it would double
 * the memory of a million entries); a FoldedEntry lives for one pass. Safe to share between
 * threads: a field raced for is folded twice, to equal immutable values.
 */
public final class FoldedEntry {
  private final WindowEntry entry;
  private FoldedField title;
  private FoldedField text;
  private FoldedField author;
  private FoldedField url;
  private FoldedField categories;

  public FoldedEntry(WindowEntry entry) {
    this.entry = Objects.requireNonNull(entry, "entry");
  }

  public WindowEntry entry() {
    return entry;
  }

  /**
   * Folds every field now, for a pass that hands the entry to many users' filters (or measures the
   * cost of folding apart from the rules); returns this.
   */
  public FoldedEntry foldAll() {
    for (FilterRule.Field f : FIELDS) {
      field(f);
    }
    return this;
  }

  /** The fields {@link FilterRule.Field#ANY} stands for. */
  static final FilterRule.Field[] FIELDS = {
    FilterRule.Field.TITLE,
    FilterRule.Field.CONTENT,
    FilterRule.Field.AUTHOR,
    FilterRule.Field.URL,
    FilterRule.Field.CATEGORY
  };

  /** The folded words of {@code field}, which must not be ANY. */
  FoldedField field(FilterRule.Field field) {
    return switch (field) {
      case TITLE -> title != null ? title : (title = fold(entry.title()));
      case CONTENT -> text != null ? text : (text = fold(entry.text()));
      case AUTHOR -> author != null ? author : (author = fold(entry.author()));
      case URL -> url != null ? url : (url = fold(entry.url()));
      case CATEGORY ->
          categories != null
              ? categories
              : (categories = FoldedField.of(entry.categories(), Integer.MAX_VALUE));
      case ANY -> throw new IllegalArgumentException("ANY is several fields; read each of FIELDS");
    };
  }

  private static FoldedField fold(String value) {
    return value == null || value.isEmpty()
        ? FoldedField.EMPTY
        : FoldedField.of(List.of(value), Integer.MAX_VALUE);
  }
}
