package com.inkzee.ranker.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.store.RegexBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One user's filters, compiled: immutable, safe to share between threads, swapped whole when the
 * user's rules change.
 *
 * <p>Precedence, for the rules whose scope covers the entry's feed:
 *
 * <ol>
 *   <li><b>HIDE</b> if any HIDE rule matches. A block beats everything: it is the user's explicit
 *       "never show me this", usually narrow (a sponsor, a byline), while KEEP and STAR rules are
 *       broad interests; a starred entry would surface again in the starred list, bringing back
 *       exactly what the user blocked.
 *   <li><b>HIDE</b> if KEEP rules are in scope and none matches: KEEP makes the scope an allow-list
 *       ("of this feed, only what mentions Rust"). KEEP rules in scope combine with OR; entries of
 *       feeds outside every KEEP rule's scope are not affected.
 *   <li><b>STAR</b> if any STAR rule matches: starring also keeps the entry visible, and losing a
 *       star silently is worse than leaving an entry unread.
 *   <li><b>MARK_READ</b> if any MARK_READ rule matches.
 *   <li>Otherwise <b>SHOW</b>.
 * </ol>
 *
 * <p>Cost: scope is checked before any text is read, and each field is folded at most once per
 * entry and indexed by word ({@link FoldedEntry}, shared by every user's filters); a keyword rule
 * is then one hash probe per keyword and field, a phrase rule one probe plus a check of each
 * occurrence of its first word, whatever the length of the text. Regular expressions run through
 * RE2/J, linear in the input, over at most {@link #MAX_REGEX_INPUT_CHARS} chars per field value; at
 * about 2 µs for a title they cost several times all the keyword rules of a user together.
 */
public final class FilterSet {
  /**
   * Chars of one field value a regular expression reads: the window keeps at most 2,000 chars of
   * text ({@link WindowEntry#MAX_TEXT_CHARS}); a title or URL longer than that is junk.
   */
  public static final int MAX_REGEX_INPUT_CHARS = 2_000;

  private static final FilterSet EMPTY = new FilterSet(List.of(), List.of(), List.of(), List.of());

  private final CompiledRule[] hide;
  private final CompiledRule[] keep;
  private final CompiledRule[] star;
  private final CompiledRule[] markRead;

  private FilterSet(
      List<CompiledRule> hide,
      List<CompiledRule> keep,
      List<CompiledRule> star,
      List<CompiledRule> markRead) {
    this.hide = hide.toArray(CompiledRule[]::new);
    this.keep = keep.toArray(CompiledRule[]::new);
    this.star = star.toArray(CompiledRule[]::new);
    this.markRead = markRead.toArray(CompiledRule[]::new);
  }

  /** No rules: every entry shows. */
  public static FilterSet empty() {
    return EMPTY;
  }

  /**
   * Compiles a user's rules.
   *
   * @throws IllegalArgumentException naming the rule, if a regular expression does not compile or a
   *     keyword or phrase pattern has no words
   */
  public static FilterSet compile(Collection<FilterRule> rules) {
    List<CompiledRule> hide = new ArrayList<>();
    List<CompiledRule> keep = new ArrayList<>();
    List<CompiledRule> star = new ArrayList<>();
    List<CompiledRule> markRead = new ArrayList<>();
    for (FilterRule rule : rules) {
      CompiledRule c = compile(Objects.requireNonNull(rule, "rule"));
      switch (rule.action()) {
        case HIDE -> hide.add(c);
        case KEEP -> keep.add(c);
        case STAR -> star.add(c);
        case MARK_READ -> markRead.add(c);
      }
    }
    return new FilterSet(hide, keep, star, markRead);
  }

  /** Number of rules. */
  public int size() {
    return hide.length + keep.length + star.length + markRead.length;
  }

  /** The verdict on {@code entry}, whose feed the user keeps in {@code folderOfFeed} (or null). */
  public Verdict apply(WindowEntry entry, String folderOfFeed) {
    return size() == 0 ? Verdict.SHOW : apply(new FoldedEntry(entry), folderOfFeed);
  }

  /** As {@link #apply(WindowEntry, String)}, reusing the fields {@code entry} has folded. */
  public Verdict apply(FoldedEntry entry, String folderOfFeed) {
    long feedId = entry.entry().feedId();
    if (anyMatches(hide, entry, feedId, folderOfFeed)) {
      return Verdict.HIDE;
    }
    boolean keepInScope = false;
    for (CompiledRule r : keep) {
      if (r.rule.inScope(feedId, folderOfFeed)) {
        if (r.matches(entry)) {
          keepInScope = false;
          break;
        }
        keepInScope = true;
      }
    }
    if (keepInScope) {
      return Verdict.HIDE;
    }
    if (anyMatches(star, entry, feedId, folderOfFeed)) {
      return Verdict.STAR;
    }
    if (anyMatches(markRead, entry, feedId, folderOfFeed)) {
      return Verdict.MARK_READ;
    }
    return Verdict.SHOW;
  }

  private static boolean anyMatches(
      CompiledRule[] rules, FoldedEntry entry, long feedId, String folderOfFeed) {
    for (CompiledRule r : rules) {
      if (r.rule.inScope(feedId, folderOfFeed) && r.matches(entry)) {
        return true;
      }
    }
    return false;
  }

  private static CompiledRule compile(FilterRule rule) {
    if (rule.match() == FilterRule.Match.REGEX) {
      // Before compiling: RE2/J writes counted repetitions out, and nested ones can take the
      // compiler minutes and gigabytes, or every search seconds (a rule stored before the check).
      RegexBudget.check("filter " + rule.id() + ": pattern", rule.pattern());
      try {
        return new CompiledRule(
            rule, null, Pattern.compile(rule.pattern(), Pattern.CASE_INSENSITIVE));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "filter " + rule.id() + ": regular expression does not compile: " + e.getMessage(), e);
      }
    }
    List<String> words = TextNormalizer.words(rule.pattern());
    if (words.isEmpty()) {
      throw new IllegalArgumentException(
          "filter " + rule.id() + ": pattern '" + rule.pattern() + "' has no words to match");
    }
    FoldedField.Word[] needles =
        (rule.match() == FilterRule.Match.PHRASE ? words.stream() : words.stream().distinct())
            .map(FoldedField.Word::of)
            .toArray(FoldedField.Word[]::new);
    return new CompiledRule(rule, needles, null);
  }

  /**
   * A rule with its folded words (any of which matches a KEYWORD rule; all, in order, a PHRASE
   * rule) or its regex.
   */
  private static final class CompiledRule {
    final FilterRule rule;
    final FoldedField.Word[] needles;
    final boolean phrase;
    final FilterRule.Field[] fields;
    final Pattern regex;

    CompiledRule(FilterRule rule, FoldedField.Word[] needles, Pattern regex) {
      this.rule = rule;
      this.needles = needles;
      this.phrase = rule.match() == FilterRule.Match.PHRASE;
      this.fields =
          rule.field() == FilterRule.Field.ANY
              ? FoldedEntry.FIELDS
              : new FilterRule.Field[] {rule.field()};
      this.regex = regex;
    }

    boolean matches(FoldedEntry entry) {
      if (regex == null) {
        for (FilterRule.Field f : fields) {
          FoldedField field = entry.field(f);
          if (phrase ? field.containsPhrase(needles) : containsAny(field)) {
            return true;
          }
        }
        return false;
      }
      WindowEntry e = entry.entry();
      return switch (rule.field()) {
        case TITLE -> find(e.title());
        case CONTENT -> find(e.text());
        case AUTHOR -> find(e.author());
        case URL -> find(e.url());
        case CATEGORY -> e.categories().stream().anyMatch(this::find);
        case ANY ->
            find(e.title())
                || find(e.text())
                || find(e.author())
                || find(e.url())
                || e.categories().stream().anyMatch(this::find);
      };
    }

    private boolean containsAny(FoldedField field) {
      for (FoldedField.Word needle : needles) {
        if (field.contains(needle)) {
          return true;
        }
      }
      return false;
    }

    private boolean find(String value) {
      if (value == null) {
        return false;
      }
      CharSequence input =
          value.length() > MAX_REGEX_INPUT_CHARS
              ? value.subSequence(0, MAX_REGEX_INPUT_CHARS)
              : value;
      return regex.matcher(input).find();
    }
  }
}
