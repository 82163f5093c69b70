package com.inkzee.benchmarks;

import java.util.Arrays;
import java.util.Random;

/**
 * Made-up words drawn with a Zipf-like law, so the generated tsvector and its GIN index cost what
 * real text costs (a few very common words, a long tail).
 */
final class Words {
  private final String[] vocabulary = new String[5_000];
  private final double[] cumulative = new double[vocabulary.length];

  Words(Random random) {
    double sum = 0;
    for (int i = 0; i < vocabulary.length; i++) {
      StringBuilder b = new StringBuilder();
      int length = 3 + random.nextInt(7);
      for (int k = 0; k < length; k++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
      vocabulary[i] = b.append(i).toString();
      sum += 1.0 / (i + 1);
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  String text(Random random, int count) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < count; k++) {
      if (k > 0) {
        b.append(' ');
      }
      int i = Arrays.binarySearch(cumulative, random.nextDouble());
      b.append(vocabulary[i < 0 ? Math.min(-i - 1, vocabulary.length - 1) : i]);
    }
    return b.toString();
  }
}
