package com.inkzee.ranker.alert;

import com.inkzee.ranker.filter.WordReader;
import com.inkzee.ranker.filter.WordTable;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Aho-Corasick over words: the alphabet is the set of words that occur in any term, a term is a
 * sequence of word ids, and the text is read one folded word at a time ({@link WordReader}). Word
 * boundaries come for free ({@code java} is not a prefix state of {@code javascript}: they are
 * different symbols), a word outside the vocabulary sends the automaton back to the root without a
 * transition lookup, and the caller restarts at the root for each field, so no term spans two.
 *
 * <p>Why not the character-level {@code org.ahocorasick} trie: with 100,000 phrases it scans about
 * 6,000 two-thousand-char entries per second even when nothing matches (a boxed {@code Character}
 * hash lookup per char, an object per emit, whole-word checks after the fact); AlertMatchBenchmark
 * measures both. Here a word costs its hash (computed while it is folded), one probe of the
 * vocabulary ({@link WordTable}) and, for a vocabulary word, one primitive transition lookup: an
 * array by word id from the root, else open addressing keyed by {@code state << 32 | word}.
 *
 * <p>Immutable once built; may be used by many threads at once.
 */
final class WordAutomaton {
  static final int ROOT = 0;

  private final WordTable vocabulary;
  private final int[] rootNext; // by word id: the depth-1 state, or ROOT
  private final long[] edgeKeys; // state << 32 | word, 0 = empty (the root's edges are in rootNext)
  private final int[] edgeTo;
  private final int edgeMask;
  private final int[] fail;
  private final int[] outputLink; // nearest proper suffix state with output, or ROOT
  private final int[][] termsAt; // terms ending exactly at a state, or null

  private WordAutomaton(
      WordTable vocabulary,
      int[] rootNext,
      long[] edgeKeys,
      int[] edgeTo,
      int[] fail,
      int[] outputLink,
      int[][] termsAt) {
    this.vocabulary = vocabulary;
    this.rootNext = rootNext;
    this.edgeKeys = edgeKeys;
    this.edgeTo = edgeTo;
    this.edgeMask = edgeKeys.length - 1;
    this.fail = fail;
    this.outputLink = outputLink;
    this.termsAt = termsAt;
  }

  /** Number of states, the root included. */
  int states() {
    return fail.length;
  }

  /** The vocabulary id of the word {@code reader} is on, or -1 if no term uses it. */
  int wordId(WordReader reader) {
    return vocabulary.lookup(reader);
  }

  /** The state after reading word {@code word} (a vocabulary id) in {@code state}. */
  int step(int state, int word) {
    while (true) {
      int to = state == ROOT ? rootNext[word] : edge(state, word);
      if (to != ROOT || state == ROOT) {
        return to;
      }
      state = fail[state];
    }
  }

  /** Terms that end exactly at {@code state}, or null; see also {@link #outputLink}. */
  int[] termsAt(int state) {
    return termsAt[state];
  }

  /** The nearest proper suffix state of {@code state} at which terms end, or ROOT. */
  int outputLink(int state) {
    return outputLink[state];
  }

  private int edge(int state, int word) {
    long key = ((long) state << 32) | word;
    for (int slot = mix(key) & edgeMask; ; slot = (slot + 1) & edgeMask) {
      long k = edgeKeys[slot];
      if (k == key) {
        return edgeTo[slot];
      }
      if (k == 0) {
        return ROOT;
      }
    }
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** Collects terms (each a list of words; a term's id is its index) and builds the automaton. */
  static final class Builder {
    private final Object2IntOpenHashMap<String> wordIds = new Object2IntOpenHashMap<>();
    private final List<String> words = new ArrayList<>();
    private final List<IntArrayList> children = new ArrayList<>(); // edge words per state
    private final Long2IntOpenHashMap edges = new Long2IntOpenHashMap();
    private final List<IntArrayList> termsAt = new ArrayList<>();
    private int terms;

    Builder() {
      wordIds.defaultReturnValue(-1);
      edges.defaultReturnValue(ROOT);
      newState();
    }

    /** Adds a term of one or more folded words; returns its id. */
    int add(List<String> termWords) {
      if (termWords.isEmpty()) {
        throw new IllegalArgumentException("a term needs a word");
      }
      int state = ROOT;
      for (String w : termWords) {
        int id = wordIds.getInt(w);
        if (id < 0) {
          id = words.size();
          wordIds.put(w, id);
          words.add(w);
        }
        long key = ((long) state << 32) | id;
        int to = edges.get(key);
        if (to == ROOT) {
          to = newState();
          edges.put(key, to);
          children.get(state).add(id);
        }
        state = to;
      }
      IntArrayList at = termsAt.get(state);
      if (at == null) {
        at = new IntArrayList(1);
        termsAt.set(state, at);
      }
      at.add(terms);
      return terms++;
    }

    private int newState() {
      children.add(new IntArrayList(0));
      termsAt.add(null);
      return children.size() - 1;
    }

    WordAutomaton build() {
      int states = children.size();
      int[] rootNext = new int[words.size()];
      int deepEdges = edges.size() - children.get(ROOT).size();
      int slots = Integer.highestOneBit(Math.max(2, deepEdges * 2 - 1)) << 1;
      long[] edgeKeys = new long[slots];
      int[] edgeTo = new int[slots];
      int[] fail = new int[states];
      int[] outputLink = new int[states];
      int[][] outputs = new int[states][];
      for (int s = 0; s < states; s++) {
        IntArrayList at = termsAt.get(s);
        outputs[s] = at == null ? null : at.toIntArray();
      }
      // Breadth first, so a state's fail link is known before its children need it.
      int[] queue = new int[states];
      int head = 0;
      int tail = 0;
      for (int w : children.get(ROOT)) {
        int child = edges.get(((long) ROOT << 32) | w);
        rootNext[w] = child;
        queue[tail++] = child;
      }
      while (head < tail) {
        int s = queue[head++];
        for (int w : children.get(s)) {
          long key = ((long) s << 32) | w;
          int child = edges.get(key);
          int slot = mix(key) & (slots - 1);
          while (edgeKeys[slot] != 0) {
            slot = (slot + 1) & (slots - 1);
          }
          edgeKeys[slot] = key;
          edgeTo[slot] = child;
          int f = fail[s];
          int to;
          while (true) {
            to = f == ROOT ? rootNext[w] : edges.get(((long) f << 32) | w);
            if (to != ROOT || f == ROOT) {
              break;
            }
            f = fail[f];
          }
          fail[child] = to;
          outputLink[child] = outputs[to] != null ? to : outputLink[to];
          queue[tail++] = child;
        }
      }
      return new WordAutomaton(
          new WordTable(words), rootNext, edgeKeys, edgeTo, fail, outputLink, outputs);
    }
  }
}
