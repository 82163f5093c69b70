package com.inkzee.ranker.filter;

import java.util.Arrays;
import java.util.List;

/**
 * A fixed set of folded words, each with an id (its index in the list it was built from), looked up
 * by a word's chars and hash as {@link WordReader} reads them: open addressing at most half full,
 * the hashes kept beside the ids so that a miss (the common case: most words of a text are in no
 * rule) usually costs one or two int compares and never touches the words' chars.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class WordTable {
  private final char[][] words;
  private final int[] slotHash;
  private final int[] slotId; // word id + 1, 0 = empty
  private final int mask;

  /** A table of {@code words}, which must be distinct; word {@code i} gets id {@code i}. */
  public WordTable(List<String> words) {
    this.words = new char[words.size()][];
    int slots = Integer.highestOneBit(Math.max(2, words.size() * 2 - 1)) << 1;
    this.slotHash = new int[slots];
    this.slotId = new int[slots];
    this.mask = slots - 1;
    for (int id = 0; id < words.size(); id++) {
      String w = words.get(id);
      this.words[id] = w.toCharArray();
      int h = w.hashCode();
      int slot = mix(h) & mask;
      while (slotId[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slotHash[slot] = h;
      slotId[slot] = id + 1;
    }
  }

  /** Number of words. */
  public int size() {
    return words.length;
  }

  /** The id of the word {@code chars[0, length)} of hash {@code hash}, or -1. */
  public int lookup(char[] chars, int length, int hash) {
    for (int slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      int id = slotId[slot] - 1;
      if (id < 0) {
        return -1;
      }
      if (slotHash[slot] == hash) {
        char[] w = words[id];
        if (w.length == length && Arrays.equals(w, 0, length, chars, 0, length)) {
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

  /** Spreads the polynomial hash's low bits, which alone pick the slot. */
  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
