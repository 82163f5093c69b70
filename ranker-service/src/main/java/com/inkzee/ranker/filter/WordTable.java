package com.inkzee.ranker.filter;

import java.util.List;

/**
 * A fixed set of folded words, each with an id (its index in the list it was built from), looked up
 * by a word's chars and hash as {@link WordReader} reads them, exactly (no false positives).
 *
 * <p>Most words of a text are in no rule, and with 100,000 alerts the table is megabytes, so a
 * probe's cache misses cost more than all the hashing. Hence three levels: a bit filter of 16 bits
 * per word (a quarter of a megabyte for 100,000 alert words, so it stays in cache) answers most
 * misses; then open addressing at most half full, one long per slot (hash and id); then the word's
 * first {@value #INLINE_CHARS} chars packed into longs by id, so that a hit reads no {@code
 * char[]}. Folded words never contain {@code '\0'}, so zero padding tells lengths apart; longer
 * words are compared with their {@code char[]}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class WordTable {
  private static final int INLINE_CHARS = 12;
  private static final int FILTER_BITS_PER_WORD = 16;

  private final char[][] words;
  private final long[] filter; // bit mix2(hash) set for each word's hash
  private final int filterMask;
  private final long[] slots; // hash << 32 | id + 1; 0 = empty
  private final int mask;
  private final long[] packed; // 3 longs per id: the first 12 chars, zero-padded; or -1: long word

  /** A table of {@code words}, which must be distinct; word {@code i} gets id {@code i}. */
  public WordTable(List<String> words) {
    int n = words.size();
    this.words = new char[n][];
    int capacity = Integer.highestOneBit(Math.max(2, n * 2 - 1)) << 1;
    this.slots = new long[capacity];
    this.mask = capacity - 1;
    int filterBits = Integer.highestOneBit(Math.max(64, n * FILTER_BITS_PER_WORD - 1)) << 1;
    this.filter = new long[filterBits / 64];
    this.filterMask = filterBits - 1;
    this.packed = new long[n * 3];
    for (int id = 0; id < n; id++) {
      char[] w = words.get(id).toCharArray();
      this.words[id] = w;
      int h = words.get(id).hashCode();
      int bit = mix2(h) & filterMask;
      filter[bit >>> 6] |= 1L << bit;
      int slot = mix(h) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = ((long) h << 32) | (id + 1);
      if (w.length > INLINE_CHARS) {
        packed[3 * id] = -1;
      } else {
        packed[3 * id] = pack(w, 0, w.length);
        packed[3 * id + 1] = pack(w, 4, w.length);
        packed[3 * id + 2] = pack(w, 8, w.length);
      }
    }
  }

  /** Number of words. */
  public int size() {
    return words.length;
  }

  /** The id of the word {@code chars[0, length)} of hash {@code hash}, or -1. */
  public int lookup(char[] chars, int length, int hash) {
    int bit = mix2(hash) & filterMask;
    if ((filter[bit >>> 6] & (1L << bit)) == 0) {
      return -1;
    }
    for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      long key = slots[slot];
      if (key == 0) {
        return -1;
      }
      if ((int) (key >>> 32) == hash) {
        int id = (int) key - 1;
        if (length > INLINE_CHARS
            ? packed[3 * id] == -1 && equal(words[id], chars, length)
            : packed[3 * id] == pack(chars, 0, length)
                && packed[3 * id + 1] == pack(chars, 4, length)
                && packed[3 * id + 2] == pack(chars, 8, length)) {
          return id;
        }
      }
    }
  }

  /** The id of the word {@code reader} is on, or -1. */
  public int lookup(WordReader reader) {
    return lookup(reader.chars(), reader.length(), reader.hash());
  }

  /** The id of {@code word}, or -1. */
  public int lookup(String word) {
    return lookup(word.toCharArray(), word.length(), word.hashCode());
  }

  /**
   * Chars {@code [from, from + 4)} of {@code chars[0, length)}, 16 bits each, zero past the end.
   */
  private static long pack(char[] chars, int from, int length) {
    long p = 0;
    for (int k = from; k < from + 4; k++) {
      p = (p << 16) | (k < length ? chars[k] : 0);
    }
    return p;
  }

  private static boolean equal(char[] word, char[] chars, int length) {
    if (word.length != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (word[k] != chars[k]) {
        return false;
      }
    }
    return true;
  }

  /** A second, independent spread of the hash, for the filter. */
  private static int mix2(int hash) {
    int h = hash * 0x85EBCA6B;
    return h ^ (h >>> 13);
  }

  /** Spreads the polynomial hash's low bits, which alone pick the slot. */
  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
