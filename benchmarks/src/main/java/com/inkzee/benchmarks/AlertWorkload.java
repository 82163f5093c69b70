package com.inkzee.benchmarks;

import com.inkzee.ranker.alert.AlertRule;
import com.inkzee.ranker.window.WindowEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Alerts and entries for {@link AlertMatchBenchmark}, in two shapes.
 *
 * <p><b>Realistic</b>: alert phrases are names, products and topics. A catalogue of 500,000 named
 * entities (1 word 40%, 2 words 45%, 3 words 15%, drawn from a separate 300,000-word vocabulary of
 * made-up proper nouns of 5-10 letters, none an ordinary word) is ranked by popularity with a Zipf
 * law (s = 1). Each entry is an 8-word title and 300 words of text of ordinary words (Zipf over a
 * 200,000-word vocabulary), with one entity mentioned in the title and three in the text, plus two
 * entities as categories, each drawn by popularity. 99% of alerts name an entity drawn uniformly
 * from the catalogue (users alert on their own long tail: a company, a person, a product, not only
 * on what is popular), 1% an ordinary topic word (uniform over ranks 2,000 and up). The benchmark
 * prints the resulting alerts fired per entry.
 *
 * <p><b>Heavy</b> (the generator before): 1-3 words drawn uniformly from ranks 2,000 and up of the
 * ordinary vocabulary, no entities; the text is dense in alert words (about 29 fire per entry) and
 * a third of its words are in the alert vocabulary.
 *
 * @param rules the alerts, 10 per user
 * @param entries distinct entries, cycled by the benchmark
 */
record AlertWorkload(String name, List<AlertRule> rules, WindowEntry[] entries) {
  static final int ENTRIES = 2_000;
  static final int ENTITIES = 500_000;
  static final int NAME_WORDS = 300_000;
  static final int ALERT_FROM_RANK = 2_000;

  static AlertWorkload realistic(int alertCount, int vocabularySize) {
    Random random = new Random(42);
    Vocabulary words = new Vocabulary(random, vocabularySize, null);
    Vocabulary names = new Vocabulary(random, NAME_WORDS, words);
    String[] entities = new String[ENTITIES];
    double[] popularity = Vocabulary.zipf(ENTITIES);
    for (int e = 0; e < ENTITIES; e++) {
      double p = random.nextDouble();
      int length = p < 0.40 ? 1 : p < 0.85 ? 2 : 3;
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < length; w++) {
        b.append(w > 0 ? " " : "").append(names.uniformAbove(random, 0));
      }
      entities[e] = b.toString();
    }
    List<AlertRule> rules = new ArrayList<>(alertCount);
    for (int a = 0; a < alertCount; a++) {
      String query =
          random.nextInt(100) == 0
              ? words.uniformAbove(random, ALERT_FROM_RANK)
              : "\"" + entities[random.nextInt(ENTITIES)] + "\"";
      rules.add(new AlertRule(a + 1, a / 10 + 1, query, null, null));
    }
    WindowEntry[] entries = new WindowEntry[ENTRIES];
    for (int i = 0; i < entries.length; i++) {
      String title = mention(random, words.text(random, 8), entities, popularity, 1);
      String text = mention(random, words.text(random, 300), entities, popularity, 3);
      entries[i] =
          entry(
              i,
              title,
              text,
              List.of(pick(random, entities, popularity), pick(random, entities, popularity)));
    }
    return new AlertWorkload("realistic: named entities, Zipf popularity", rules, entries);
  }

  static AlertWorkload heavy(int alertCount, int vocabularySize) {
    Random random = new Random(42);
    Vocabulary vocabulary = new Vocabulary(random, vocabularySize, null);
    List<AlertRule> rules = new ArrayList<>(alertCount);
    for (int a = 0; a < alertCount; a++) {
      int words = 1 + random.nextInt(3);
      StringBuilder q = new StringBuilder(words > 1 ? "\"" : "");
      for (int w = 0; w < words; w++) {
        q.append(w > 0 ? " " : "").append(vocabulary.uniformAbove(random, ALERT_FROM_RANK));
      }
      rules.add(
          new AlertRule(a + 1, a / 10 + 1, q.append(words > 1 ? "\"" : "").toString(), null, null));
    }
    WindowEntry[] entries = new WindowEntry[ENTRIES];
    for (int i = 0; i < entries.length; i++) {
      entries[i] =
          entry(
              i,
              vocabulary.text(random, 8),
              vocabulary.text(random, 300),
              List.of(vocabulary.text(random, 1), vocabulary.text(random, 2)));
    }
    return new AlertWorkload("heavy: dense alert words", rules, entries);
  }

  private static WindowEntry entry(int i, String title, String text, List<String> categories) {
    return new WindowEntry(
        i + 1,
        i + 1,
        i % 50,
        title,
        "https://example.com/" + i,
        "Author " + (i % 100),
        text,
        categories,
        Instant.EPOCH,
        0,
        0);
  }

  /** {@code text} with {@code count} entities inserted between words at random places. */
  private static String mention(
      Random random, String text, String[] entities, double[] popularity, int count) {
    List<String> words = new ArrayList<>(Arrays.asList(text.split(" ")));
    for (int m = 0; m < count; m++) {
      words.add(random.nextInt(words.size() + 1), pick(random, entities, popularity));
    }
    return String.join(" ", words);
  }

  private static String pick(Random random, String[] entities, double[] popularity) {
    return entities[Vocabulary.draw(random, popularity)];
  }

  /** Made-up words with a Zipf law, reachable by rank. */
  static final class Vocabulary {
    private final String[] words;
    private final double[] cumulative;

    /**
     * Ordinary words (3-9 letters) if {@code ordinary} is null; else capitalised names of 5-10
     * letters, none of them an ordinary word (a short made-up name would collide with common words
     * and fire on every entry, which real names do not).
     */
    Vocabulary(Random random, int size, Vocabulary ordinary) {
      words = new String[size];
      Set<String> taken =
          ordinary == null ? Set.of() : new HashSet<>(Arrays.asList(ordinary.words));
      for (int i = 0; i < size; i++) {
        String w;
        do {
          StringBuilder b = new StringBuilder();
          int length = ordinary == null ? 3 + random.nextInt(7) : 5 + random.nextInt(6);
          for (int k = 0; k < length; k++) {
            char c = (char) ('a' + random.nextInt(26));
            b.append(ordinary != null && k == 0 ? Character.toUpperCase(c) : c);
          }
          w = b.toString();
        } while (taken.contains(w.toLowerCase(Locale.ROOT)));
        words[i] = w;
      }
      cumulative = zipf(size);
    }

    /** Cumulative probabilities of ranks 1..size under a Zipf law with s = 1. */
    static double[] zipf(int size) {
      double[] cumulative = new double[size];
      double sum = 0;
      for (int i = 0; i < size; i++) {
        sum += 1.0 / (i + 1);
        cumulative[i] = sum;
      }
      for (int i = 0; i < size; i++) {
        cumulative[i] /= sum;
      }
      return cumulative;
    }

    static int draw(Random random, double[] cumulative) {
      int i = Arrays.binarySearch(cumulative, random.nextDouble());
      return i < 0 ? Math.min(-i - 1, cumulative.length - 1) : i;
    }

    String uniformAbove(Random random, int rank) {
      return words[rank + random.nextInt(words.length - rank)];
    }

    String text(Random random, int count) {
      StringBuilder b = new StringBuilder();
      for (int k = 0; k < count; k++) {
        String w = words[draw(random, cumulative)];
        if (k == 0) {
          b.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        } else {
          b.append(k % 12 == 0 ? ". " : " ").append(w);
        }
      }
      return b.toString();
    }
  }
}
