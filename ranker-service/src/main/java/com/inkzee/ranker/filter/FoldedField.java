package com.inkzee.ranker.filter;

import java.util.Arrays;
import java.util.List;

/**
 * One field of an entry, folded once into its sequence of words and indexed by word, so that a
 * keyword rule costs one hash probe per keyword and a phrase rule one probe plus a check of each
 * occurrence of its first word, whatever the length of the text, for every user that applies rules
 * to the entry. A field with several values (categories) keeps a break between them, which no
 * phrase matches across.
 *
 * <p>Immutable (all fields final, so it is safely published even through a racy field).
 */
final class FoldedField {
  private static final ThreadLocal<WordReader> READERS = ThreadLocal.withInitial(WordReader::new);

  static final FoldedField EMPTY = of(List.of(), Integer.MAX_VALUE);

  private final char[] chars; // every word's chars, one after another
  private final int[] start; // by position: offset in chars, or -1 for a break between values
  private final int[] length;
  private final int[] hash;
  private final int count;
  private final int[] slots; // pairs [hash, first position + 1], 0 = empty
  private final int mask;
  private final int[] nextSame; // by position: the next position of the same word, or -1

  /** A needle: one folded word with its hash, as rules are compiled. */
  record Word(char[] chars, int hash) {
    static Word of(String folded) {
      return new Word(folded.toCharArray(), folded.hashCode());
    }
  }

  private FoldedField(char[] chars, int[] start, int[] length, int[] hash, int count) {
    this.chars = chars;
    this.start = start;
    this.length = length;
    this.hash = hash;
    this.count = count;
    int capacity = Integer.highestOneBit(Math.max(2, count * 2 - 1)) << 1;
    this.slots = new int[capacity * 2];
    this.mask = capacity - 1;
    this.nextSame = new int[count];
    // Backwards, so that each word's chain runs from its first position onwards.
    for (int p = count - 1; p >= 0; p--) {
      nextSame[p] = -1;
      if (start[p] < 0) {
        continue;
      }
      for (int slot = mix(hash[p]) & mask; ; slot = (slot + 1) & mask) {
        int head = slots[2 * slot + 1] - 1;
        if (head < 0) {
          slots[2 * slot] = hash[p];
          slots[2 * slot + 1] = p + 1;
          break;
        }
        if (slots[2 * slot] == hash[p] && sameWord(head, p)) {
          nextSame[p] = head;
          slots[2 * slot + 1] = p + 1;
          break;
        }
      }
    }
  }

  /** The words of {@code values} (the first {@code maxChars} chars of each), breaks between. */
  static FoldedField of(List<String> values, int maxChars) {
    WordReader reader = READERS.get();
    char[] chars = new char[64];
    int used = 0;
    int[] start = new int[16];
    int[] length = new int[16];
    int[] hash = new int[16];
    int count = 0;
    for (int v = 0; v < values.size(); v++) {
      String value = values.get(v);
      if (value == null) {
        continue;
      }
      reader.reset(value, maxChars);
      boolean first = true;
      while (reader.next()) {
        int words = first && count > 0 ? 2 : 1;
        if (count + words > start.length) {
          start = Arrays.copyOf(start, start.length * 2);
          length = Arrays.copyOf(length, length.length * 2);
          hash = Arrays.copyOf(hash, hash.length * 2);
        }
        if (first && count > 0) {
          start[count] = -1;
          length[count] = -1;
          count++;
        }
        first = false;
        int n = reader.length();
        if (used + n > chars.length) {
          chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + n));
        }
        System.arraycopy(reader.chars(), 0, chars, used, n);
        start[count] = used;
        length[count] = n;
        hash[count] = reader.hash();
        used += n;
        count++;
      }
    }
    return new FoldedField(chars, start, length, hash, count);
  }

  /** Whether {@code word} occurs. */
  boolean contains(Word word) {
    return first(word) >= 0;
  }

  /** Whether {@code words} occur one after another (never across a break). */
  boolean containsPhrase(Word[] words) {
    for (int p = first(words[0]); p >= 0; p = nextSame[p]) {
      if (p + words.length <= count && restMatches(p, words)) {
        return true;
      }
    }
    return false;
  }

  private boolean restMatches(int p, Word[] words) {
    for (int k = 1; k < words.length; k++) {
      if (!isAt(p + k, words[k])) {
        return false;
      }
    }
    return true;
  }

  /** The first position of {@code word}, or -1. */
  private int first(Word word) {
    int h = word.hash();
    for (int slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      int p = slots[2 * slot + 1] - 1;
      if (p < 0) {
        return -1;
      }
      if (slots[2 * slot] == h && isAt(p, word)) {
        return p;
      }
    }
  }

  private boolean isAt(int p, Word word) {
    char[] w = word.chars();
    if (hash[p] != word.hash() || length[p] != w.length) {
      return false;
    }
    int s = start[p];
    for (int k = 0; k < w.length; k++) {
      if (chars[s + k] != w[k]) {
        return false;
      }
    }
    return true;
  }

  private boolean sameWord(int p, int q) {
    return length[p] == length[q]
        && Arrays.equals(
            chars, start[p], start[p] + length[p], chars, start[q], start[q] + length[q]);
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
