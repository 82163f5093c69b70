package com.inkzee.ranker.digest;

import com.inkzee.ranker.window.WindowEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Picks a few sentences of an entry's own text as its summary, so a digest reader can decide in
 * seconds whether to open it. Extractive, deterministic and cheap (one pass over at most {@link
 * WindowEntry#MAX_TEXT_CHARS} characters); no model, no network.
 *
 * <p>Each sentence ({@link SentenceSplitter}) is scored by
 *
 * <ul>
 *   <li><b>position</b>: {@code 1 / (index + 1)}, since news and blog writing puts the point first
 *       (the lead baseline is famously hard to beat on news summarisation);
 *   <li><b>salience</b>: the mean, over its content words, of how often each recurs in the whole
 *       text, {@code (count - 1) / (highest count - 1)}, so a word said once adds nothing and the
 *       text's main subject adds 1 (content words: not in a small English stop-word list, at least
 *       two characters);
 *   <li><b>title overlap</b>: the share of the title's content words it contains;
 * </ul>
 *
 * weighted {@link #LEAD_WEIGHT}, {@link #SALIENCE_WEIGHT}, {@link #TITLE_WEIGHT}, and scaled down
 * when shorter than {@link #SHORT_SENTENCE_WORDS} words (captions, headings) or longer than {@link
 * #LONG_SENTENCE_WORDS}. A sentence that repeats the title, or is feed boilerplate ("The post …
 * appeared first on …", "Continue reading"), is never chosen.
 *
 * <p>The best sentences are taken while they fit {@link #maxSentences()} and {@link #maxWords()} (a
 * sentence that would overflow is skipped, and later ones still tried); if even the best one is too
 * long it is cut at {@code maxWords} words and ends in "…". The chosen sentences are returned in
 * their original order. Ties go to the earlier sentence.
 */
public final class ExtractiveSummarizer {
  /** Sentences in a summary by default: two or three read in well under the 15 s floor. */
  public static final int DEFAULT_MAX_SENTENCES = 3;

  /** Words in a summary by default: about 15 s at {@link ReadingTime#WORDS_PER_MINUTE}. */
  public static final int DEFAULT_MAX_WORDS = 60;

  static final double LEAD_WEIGHT = 1.0;
  static final double SALIENCE_WEIGHT = 1.0;
  static final double TITLE_WEIGHT = 0.5;

  /** Sentences shorter than this read as captions or headings and score proportionally less. */
  static final int SHORT_SENTENCE_WORDS = 6;

  /** Sentences longer than this crowd a 60-word summary and score proportionally less. */
  static final int LONG_SENTENCE_WORDS = 35;

  /** Common English function words; frequent in every text, so they say nothing about this one. */
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
          "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
          "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
          "each", "even", "few", "for", "from", "further", "had", "has", "have", "having", "he",
          "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is",
          "it", "it's", "its", "just", "like", "many", "may", "me", "might", "more", "most", "much",
          "must", "my", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only",
          "or", "other", "our", "ours", "out", "over", "own", "said", "same", "says", "she",
          "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
          "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us",
          "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
          "why", "will", "with", "would", "yet", "you", "your");

  /** Lower-case phrase that marks WordPress's feed footer ("The post X appeared first on Y."). */
  private static final String FEED_FOOTER = "appeared first on";

  /** Lower-case openings of links a feed appends to cut-off text, not content. */
  private static final List<String> LINK_OPENINGS =
      List.of("continue reading", "read more", "read the full", "click here");

  private final int maxSentences;
  private final int maxWords;

  /** A summarizer with {@link #DEFAULT_MAX_SENTENCES} and {@link #DEFAULT_MAX_WORDS}. */
  public ExtractiveSummarizer() {
    this(DEFAULT_MAX_SENTENCES, DEFAULT_MAX_WORDS);
  }

  public ExtractiveSummarizer(int maxSentences, int maxWords) {
    if (maxSentences < 1) {
      throw new IllegalArgumentException("maxSentences is " + maxSentences + ", must be 1 or more");
    }
    if (maxWords < 1) {
      throw new IllegalArgumentException("maxWords is " + maxWords + ", must be 1 or more");
    }
    this.maxSentences = maxSentences;
    this.maxWords = maxWords;
  }

  public int maxSentences() {
    return maxSentences;
  }

  public int maxWords() {
    return maxWords;
  }

  /** The summary of an entry's visible text, using its title for overlap. */
  public Summary summarize(WindowEntry entry) {
    return summarize(entry.title(), entry.text());
  }

  /**
   * The summary of {@code text}; {@code title} may be empty (no title overlap then). Empty for
   * blank text.
   */
  public Summary summarize(String title, String text) {
    List<String> sentences = SentenceSplitter.split(text == null ? "" : text);
    if (sentences.isEmpty()) {
      return Summary.EMPTY;
    }
    List<List<String>> words = new ArrayList<>(sentences.size());
    Map<String, Integer> frequency = new HashMap<>();
    for (String sentence : sentences) {
      List<String> content = contentWords(sentence);
      words.add(content);
      for (String word : content) {
        frequency.merge(word, 1, Integer::sum);
      }
    }
    int maxFrequency = frequency.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    Set<String> titleWords = new HashSet<>(contentWords(title == null ? "" : title));
    String normalizedTitle = normalize(title == null ? "" : title);

    double[] scores = new double[sentences.size()];
    for (int i = 0; i < sentences.size(); i++) {
      String sentence = sentences.get(i);
      if (isBoilerplate(sentence)
          || (!normalizedTitle.isEmpty() && normalize(sentence).equals(normalizedTitle))) {
        scores[i] = Double.NEGATIVE_INFINITY;
        continue;
      }
      scores[i] = score(i, wordsIn(sentence), words.get(i), frequency, maxFrequency, titleWords);
    }
    return choose(sentences, scores);
  }

  private static double score(
      int index,
      int length,
      List<String> content,
      Map<String, Integer> frequency,
      int maxFrequency,
      Set<String> titleWords) {
    double position = 1.0 / (index + 1);
    double salience = 0;
    int inTitle = 0;
    Set<String> seen = new HashSet<>();
    for (String word : content) {
      if (maxFrequency > 1) {
        salience += (frequency.get(word) - 1) / (double) (maxFrequency - 1);
      }
      if (titleWords.contains(word) && seen.add(word)) {
        inTitle++;
      }
    }
    salience = content.isEmpty() ? 0 : salience / content.size();
    double titleOverlap = titleWords.isEmpty() ? 0 : inTitle / (double) titleWords.size();
    double lengthFactor =
        length < SHORT_SENTENCE_WORDS
            ? length / (double) SHORT_SENTENCE_WORDS
            : length > LONG_SENTENCE_WORDS ? LONG_SENTENCE_WORDS / (double) length : 1.0;
    return (LEAD_WEIGHT * position + SALIENCE_WEIGHT * salience + TITLE_WEIGHT * titleOverlap)
        * lengthFactor;
  }

  private Summary choose(List<String> sentences, double[] scores) {
    Integer[] byScore = new Integer[sentences.size()];
    Arrays.setAll(byScore, i -> i);
    Arrays.sort(
        byScore,
        Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(Integer::intValue));
    boolean[] chosen = new boolean[sentences.size()];
    int chosenCount = 0;
    int usedWords = 0;
    for (int i : byScore) {
      if (chosenCount == maxSentences || scores[i] == Double.NEGATIVE_INFINITY) {
        break;
      }
      int length = wordsIn(sentences.get(i));
      if (usedWords + length <= maxWords) {
        chosen[i] = true;
        chosenCount++;
        usedWords += length;
      } else if (chosenCount == 0) {
        return new Summary(List.of(cut(sentences.get(i), maxWords)));
      }
    }
    List<String> summary = new ArrayList<>(chosenCount);
    for (int i = 0; i < sentences.size(); i++) {
      if (chosen[i]) {
        summary.add(sentences.get(i));
      }
    }
    return new Summary(summary);
  }

  /** The first {@code words} words of {@code sentence}, ending in "…". */
  private static String cut(String sentence, int words) {
    String[] parts = sentence.split(" ");
    String head = String.join(" ", Arrays.asList(parts).subList(0, words));
    return head.replaceAll("[\\p{Punct}\\s]+$", "") + "…";
  }

  private static boolean isBoilerplate(String sentence) {
    String lower = sentence.toLowerCase(Locale.ROOT);
    if (lower.contains(FEED_FOOTER)) {
      return true;
    }
    for (String opening : LINK_OPENINGS) {
      if (lower.startsWith(opening)) {
        return true;
      }
    }
    return false;
  }

  /** Letters and digits only, lower case: two sentences that read the same compare equal. */
  private static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .filter(Character::isLetterOrDigit)
        .map(Character::toLowerCase)
        .forEach(out::appendCodePoint);
    return out.toString();
  }

  /**
   * Content words of {@code text} in order, lower case: runs of letters and digits (an apostrophe
   * between letters stays inside the word), not stop words, at least two characters long.
   */
  static List<String> contentWords(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      boolean inner =
          (c == '\'' || c == '’')
              && word.length() > 0
              && i + 1 < text.length()
              && Character.isLetter(text.charAt(i + 1));
      if (Character.isLetterOrDigit(c) || inner) {
        word.append(c == '’' ? '\'' : Character.toLowerCase(c));
      } else if (word.length() > 0) {
        String w = word.toString();
        if (w.length() >= 2 && !STOP_WORDS.contains(w)) {
          words.add(w);
        }
        word.setLength(0);
      }
    }
    return words;
  }

  /** Words as a reader counts them: runs of non-blank characters. */
  static int wordsIn(String sentence) {
    String stripped = sentence.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }
}
