package com.inkzee.rpc.api.store;

/**
 * How much a REGEX filter's counted repetitions ({@code x{n}}, {@code x{n,}}, {@code x{n,m}})
 * expand it, checked before the pattern is compiled, by the store and the ranker alike.
 *
 * <p>RE2/J matches in time linear in the text, but also in the size of the compiled program, and
 * compiles a counted repetition by writing its body out {@code max(n, m)} times, nested ones
 * multiplied: {@code ((a{1000}){1000}){1000}} (23 characters) is a billion instructions and runs
 * the compiler out of memory, and 49 alternatives of {@code (.{1000}){100}A} compile in seconds and
 * take seconds per field searched. So the copies the repetitions add to the pattern as written
 * (each character, escape or class one unit; a repetition of a body of {@code s} units {@code k}
 * times adds {@code (k - 1) * s}, inside other repetitions multiplied by their counts) may be at
 * most {@link #MAX_ADDED_UNITS}. A pattern without counted repetitions adds none, however long;
 * {@code [a-z]{3,10}} adds 9, {@code .{1000}} 999.
 *
 * <p>Only the counting is done here: a pattern that is not valid RE2 is measured as best it can be,
 * and refused by the compile that follows.
 */
public final class RegexBudget {
  /** The most copies counted repetitions may add to a pattern, in units as described above. */
  public static final long MAX_ADDED_UNITS = 1_000;

  /** Sizes are counted up to this and no further: past the limit, how far past does not matter. */
  private static final long CAP = 1L << 40;

  private final String p;
  private int i;

  private RegexBudget(String pattern) {
    this.p = pattern;
  }

  /**
   * The units counted repetitions add to {@code pattern} (see the class comment), at most about
   * 2^40.
   */
  public static long addedUnits(String pattern) {
    RegexBudget b = new RegexBudget(pattern);
    long[] whole = {0, 0}; // expanded, as written
    while (b.i < pattern.length()) {
      long[] part = b.alternation();
      whole[0] = add(whole[0], part[0]);
      whole[1] = add(whole[1], part[1]);
      if (b.i < pattern.length()) {
        b.i++; // an unmatched ')': RE2 refuses it; go on counting after it
      }
    }
    return Math.max(0, whole[0] - whole[1]);
  }

  /**
   * Throws IllegalArgumentException, naming {@code field}, if counted repetitions add more than
   * {@link #MAX_ADDED_UNITS} to {@code pattern}.
   */
  public static void check(String field, String pattern) {
    long added = addedUnits(pattern);
    if (added > MAX_ADDED_UNITS) {
      throw new IllegalArgumentException(
          field
              + ": its counted repetitions ({n}, {n,m}) expand the regular expression by "
              + (added >= CAP ? "over " + CAP : Long.toString(added))
              + " units, over the limit of "
              + MAX_ADDED_UNITS
              + "; nest them less, or use * or + for an unbounded run");
    }
  }

  /** Branches separated by '|', up to an unmatched ')' or the end: {expanded, as written}. */
  private long[] alternation() {
    long[] total = {0, 0};
    while (true) {
      long[] branch = concatenation();
      total[0] = add(total[0], branch[0]);
      total[1] = add(total[1], branch[1]);
      if (i < p.length() && p.charAt(i) == '|') {
        i++;
        continue;
      }
      return total;
    }
  }

  private long[] concatenation() {
    long[] total = {0, 0};
    while (i < p.length()) {
      char ch = p.charAt(i);
      if (ch == '|' || ch == ')') {
        break;
      }
      long[] atom = atom();
      long[] repeated = {atom[0], atom[1]};
      while (i < p.length()) {
        char q = p.charAt(i);
        if (q == '*' || q == '+' || q == '?') {
          i++; // a loop, not copies
          continue;
        }
        long count = q == '{' ? countedRepetition() : -1;
        if (count < 0) {
          break;
        }
        repeated[0] = multiply(repeated[0], Math.max(1, count));
      }
      total[0] = add(total[0], repeated[0]);
      total[1] = add(total[1], repeated[1]);
    }
    return total;
  }

  /** One atom at {@code i}, consumed: {expanded, as written}. */
  private long[] atom() {
    char ch = p.charAt(i);
    if (ch == '(') {
      i++;
      if (i < p.length() && p.charAt(i) == '?') {
        int close = i;
        while (close < p.length() && p.charAt(close) != ')' && p.charAt(close) != ':') {
          if (p.charAt(close) == '<' || p.charAt(close) == 'P') {
            break; // a named group: (?P<name>...) or (?<name>...)
          }
          close++;
        }
        if (close < p.length() && p.charAt(close) == ')') {
          i = close + 1; // flags alone, (?i): no atom
          return new long[] {0, 0};
        }
        if (close < p.length() && p.charAt(close) == ':') {
          i = close + 1;
        } else {
          int end = p.indexOf('>', i);
          i = end < 0 ? p.length() : end + 1;
        }
      }
      long[] inner = alternation();
      if (i < p.length() && p.charAt(i) == ')') {
        i++;
      }
      return inner;
    }
    if (ch == '[') {
      skipClass();
      return new long[] {1, 1};
    }
    if (ch == '\\') {
      return escape();
    }
    i++;
    return new long[] {1, 1};
  }

  private long[] escape() {
    i++; // the backslash
    if (i >= p.length()) {
      return new long[] {1, 1};
    }
    char e = p.charAt(i);
    if (e == 'Q') {
      int end = p.indexOf("\\E", i + 1);
      int stop = end < 0 ? p.length() : end;
      long literal = stop - (i + 1);
      i = end < 0 ? p.length() : end + 2;
      // A repetition after \Q...\E applies to its last character only; counting the whole run is
      // the larger, safe side.
      return new long[] {literal, literal};
    }
    skipEscapeBody();
    return new long[] {1, 1};
  }

  /** From the character after a backslash: {@code \p{Greek}}, {@code \x{41}}, {@code \pL}, ... */
  private void skipEscapeBody() {
    char e = p.charAt(i);
    i++;
    if ((e == 'p' || e == 'P' || e == 'x') && i < p.length() && p.charAt(i) == '{') {
      int end = p.indexOf('}', i);
      i = end < 0 ? p.length() : end + 1;
    } else if ((e == 'p' || e == 'P') && i < p.length()) {
      i++;
    }
  }

  private void skipClass() {
    i++; // '['
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++; // a ']' first is itself
    }
    while (i < p.length()) {
      char ch = p.charAt(i);
      if (ch == ']') {
        i++;
        return;
      }
      if (ch == '\\') {
        i++;
        if (i < p.length()) {
          skipEscapeBody();
        }
      } else if (ch == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int end = p.indexOf(":]", i + 2);
        i = end < 0 ? i + 1 : end + 2;
      } else {
        i++;
      }
    }
  }

  /**
   * At a '{': the copies {@code {n}}, {@code {n,}} or {@code {n,m}} makes (the larger bound), and
   * consumed; -1 and nothing consumed if it is not one (then it is a literal brace).
   */
  private long countedRepetition() {
    int j = i + 1;
    int start = j;
    while (j < p.length() && Character.isDigit(p.charAt(j))) {
      j++;
    }
    if (j == start || j >= p.length()) {
      return -1;
    }
    long count = digits(start, j);
    if (p.charAt(j) == ',') {
      j++;
      int from = j;
      while (j < p.length() && Character.isDigit(p.charAt(j))) {
        j++;
      }
      if (j > from) {
        count = Math.max(count, digits(from, j));
      } else {
        count = count + 1; // {n,}: n copies and a loop
      }
    }
    if (j >= p.length() || p.charAt(j) != '}') {
      return -1;
    }
    i = j + 1;
    return count;
  }

  private long digits(int from, int to) {
    long n = 0;
    for (int k = from; k < to; k++) {
      n = Math.min(CAP, n * 10 + (p.charAt(k) - '0'));
    }
    return n;
  }

  private static long add(long a, long b) {
    return Math.min(CAP, a + b);
  }

  private static long multiply(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > CAP / b ? CAP : Math.min(CAP, a * b);
  }
}
