package com.inkzee.ranker.alert;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntConsumer;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over words: the alphabet is the set of words that occur in any term, a term is a
 * sequence of word ids, and the text is folded text ({@code " word word | word "}) read one word at
 * a time. Word boundaries come for free ({@code java} is not a prefix state of {@code javascript}:
 * they are different symbols), a word outside the vocabulary sends the automaton back to the root,
 * and a field break ({@code |}) does too, so no term spans two fields.
 *
 * <p>Why not the character-level {@code org.ahocorasick} trie: with 100,000 phrases it scans about
 * 15,000 two-thousand-char entries per second even when nothing matches (a boxed {@code Character}
 * hash lookup per char, an object per emit, whole-word checks after the fact); AlertMatchBenchmark
 * measures both. Here a word costs one hash of its chars (no String made) and one transition
 * lookup.
 *
 * <p>Immutable once built; {@link #scan} may run on many threads at once.
 */
final class WordAutomaton {
  private static final int ROOT = 0;

  // Vocabulary: open addressing over the words' chars, so the scan hashes a span in place.
  private final char[][] words;
  private final int[] slots; // word id + 1, 0 = empty
  private final int slotMask;

  private final int[] rootNext; // by word id: the depth-1 state, or ROOT
  private final Long2IntOpenHashMap next; // (state << 32 | word) -> state, depth >= 2
  private final int[] fail;
  private final int[] outputLink; // nearest proper suffix state with output, or ROOT
  private final int[][] termsAt; // terms ending exactly at a state, or null

  private WordAutomaton(
      char[][] words,
      int[] slots,
      int[] rootNext,
      Long2IntOpenHashMap next,
      int[] fail,
      int[] outputLink,
      int[][] termsAt) {
    this.words = words;
    this.slots = slots;
    this.slotMask = slots.length - 1;
    this.rootNext = rootNext;
    this.next = next;
    this.fail = fail;
    this.outputLink = outputLink;
    this.termsAt = termsAt;
  }

  /** Number of states, the root included. */
  int states() {
    return fail.length;
  }

  /**
   * Calls {@code onTerm} with the id of every term occurrence in {@code folded[0, length)}, a
   * folded text (words separated by single spaces, fields by {@code |}).
   */
  void scan(char[] folded, int length, IntConsumer onTerm) {
    int state = ROOT;
    int i = 0;
    while (i < length) {
      while (i < length && folded[i] == ' ') {
        i++;
      }
      int start = i;
      int h = 0;
      while (i < length && folded[i] != ' ') {
        h = 31 * h + folded[i];
        i++;
      }
      if (start == i) {
        break;
      }
      int word = lookup(folded, start, i, h);
      if (word < 0) {
        state = ROOT; // also for the field break, which is no word
        continue;
      }
      while (true) {
        int to = state == ROOT ? rootNext[word] : next.get(((long) state << 32) | word);
        if (to != ROOT) {
          state = to;
          break;
        }
        if (state == ROOT) {
          break;
        }
        state = fail[state];
      }
      for (int s = state; s != ROOT; s = outputLink[s]) {
        int[] terms = termsAt[s];
        if (terms != null) {
          for (int t : terms) {
            onTerm.accept(t);
          }
        }
      }
    }
  }

  private int lookup(char[] text, int from, int to, int hash) {
    int len = to - from;
    for (int slot = mix(hash) & slotMask; ; slot = (slot + 1) & slotMask) {
      int id = slots[slot] - 1;
      if (id < 0) {
        return -1;
      }
      char[] w = words[id];
      if (w.length == len && Arrays.equals(w, 0, len, text, from, to)) {
        return id;
      }
    }
  }

  private static int mix(int hash) {
    return hash ^ (hash >>> 16) ^ (hash >>> 7);
  }

  private static int hash(String word) {
    int h = 0;
    for (int k = 0; k < word.length(); k++) {
      h = 31 * h + word.charAt(k);
    }
    return h;
  }

  /** Collects terms (each a list of words; a term's id is its index) and builds the automaton. */
  static final class Builder {
    private final Object2IntOpenHashMap<String> wordIds = new Object2IntOpenHashMap<>();
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
          id = wordIds.size();
          wordIds.put(w, id);
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
      int vocabulary = wordIds.size();
      char[][] words = new char[vocabulary][];
      int[] slots = new int[Math.max(2, Integer.highestOneBit(Math.max(1, vocabulary * 2)) << 1)];
      int mask = slots.length - 1;
      for (var e : wordIds.object2IntEntrySet()) {
        words[e.getIntValue()] = e.getKey().toCharArray();
        int slot = mix(hash(e.getKey())) & mask;
        while (slots[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = e.getIntValue() + 1;
      }
      int states = children.size();
      int[] rootNext = new int[vocabulary];
      Long2IntOpenHashMap next = new Long2IntOpenHashMap(Math.max(16, states));
      next.defaultReturnValue(ROOT);
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
          int child = edges.get(((long) s << 32) | w);
          next.put(((long) s << 32) | w, child);
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
      next.trim();
      return new WordAutomaton(words, slots, rootNext, next, fail, outputLink, outputs);
    }
  }
}
