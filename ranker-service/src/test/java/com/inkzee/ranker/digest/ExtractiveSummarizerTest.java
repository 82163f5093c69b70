package com.inkzee.ranker.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {
  private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer();

  private static final String LEAD =
      "The city council approved a new solar farm on the old quarry site on Tuesday.";
  private static final String GENERIC_1 =
      "Several people attended the meeting, which started a little later than planned.";
  private static final String GENERIC_2 =
      "Coffee and biscuits were served in the hall before anyone took their seats.";
  private static final String SALIENT =
      "The solar farm will cover the quarry with panels and power four thousand homes.";
  private static final String GENERIC_3 =
      "Nobody remembered exactly when the previous gathering of this kind had happened.";
  private static final String GENERIC_4 =
      "The weather stayed mild throughout the afternoon and into the early evening.";

  @Test
  void picksTheLeadFirst() {
    Summary summary =
        new ExtractiveSummarizer(1, 60)
            .summarize("", String.join(" ", LEAD, GENERIC_1, GENERIC_2, GENERIC_3));
    assertThat(summary.sentences()).containsExactly(LEAD);
  }

  @Test
  void prefersSalientSentencesOverEarlierGenericOnes() {
    Summary summary =
        new ExtractiveSummarizer(2, 60)
            .summarize(
                "Council approves solar farm",
                String.join(" ", LEAD, GENERIC_1, GENERIC_2, SALIENT, GENERIC_3, GENERIC_4));
    assertThat(summary.sentences()).containsExactly(LEAD, SALIENT);
  }

  @Test
  void salienceAloneLiftsALaterSentenceWithoutATitle() {
    Summary summary =
        new ExtractiveSummarizer(2, 60)
            .summarize("", String.join(" ", LEAD, GENERIC_1, GENERIC_2, SALIENT, GENERIC_3));
    assertThat(summary.sentences()).containsExactly(LEAD, SALIENT);
  }

  @Test
  void returnsChosenSentencesInTheirOriginalOrder() {
    // The title makes the third sentence the best; it still comes after the lead.
    Summary summary =
        new ExtractiveSummarizer(2, 60)
            .summarize(
                "Quarry solar panels homes",
                String.join(" ", GENERIC_1, GENERIC_2, SALIENT, GENERIC_3));
    assertThat(summary.sentences()).containsExactly(GENERIC_1, SALIENT);
  }

  @Test
  void defaultsToThreeSentencesWithinSixtyWords() {
    Summary summary =
        summarizer.summarize(
            "Council approves solar farm",
            String.join(" ", LEAD, GENERIC_1, GENERIC_2, SALIENT, GENERIC_3, GENERIC_4));
    assertThat(summary.sentences()).hasSize(3).contains(LEAD, SALIENT);
    assertThat(summary.wordCount()).isLessThanOrEqualTo(60);
  }

  @Test
  void skipsASentenceThatWouldOverflowTheWordCapAndTriesLaterOnes() {
    String longSentence = "This sentence " + "goes on and on ".repeat(10) + "about the solar farm.";
    Summary summary =
        summarizer.summarize("", String.join(" ", LEAD, longSentence, GENERIC_1, GENERIC_2));
    assertThat(summary.sentences()).containsExactly(LEAD, GENERIC_1, GENERIC_2);
    assertThat(summary.wordCount()).isLessThanOrEqualTo(60);
  }

  @Test
  void cutsASingleOverlongSentenceAtTheWordCap() {
    String words = "word ".repeat(99) + "end.";
    Summary summary = summarizer.summarize("", words);
    assertThat(summary.sentences()).hasSize(1);
    assertThat(summary.text()).endsWith("word…");
    assertThat(summary.wordCount()).isEqualTo(60);
  }

  @Test
  void keepsAbbreviationsAndDecimalsInsideTheirSentences() {
    String text =
        "Dr. Ruiz of the U.S. Geological Survey measured a 4.7 magnitude quake. "
            + "The quake, i.e. The second this week, caused no damage.";
    assertThat(summarizer.summarize("", text).sentences())
        .containsExactly(
            "Dr. Ruiz of the U.S. Geological Survey measured a 4.7 magnitude quake.",
            "The quake, i.e. The second this week, caused no damage.");
  }

  @Test
  void neverRepeatsTheTitle() {
    Summary summary =
        new ExtractiveSummarizer(1, 60)
            .summarize("Council approves solar farm", "Council approves solar farm. " + LEAD);
    assertThat(summary.sentences()).containsExactly(LEAD);
  }

  @Test
  void neverPicksFeedBoilerplate() {
    String text =
        LEAD
            + " Continue reading the full story on our site."
            + " The post Council approves solar farm appeared first on Quarry News.";
    assertThat(summarizer.summarize("", text).sentences()).containsExactly(LEAD);
  }

  @Test
  void handlesEmptyAndOneSentenceTexts() {
    assertThat(summarizer.summarize("Title", "")).isEqualTo(Summary.EMPTY);
    assertThat(summarizer.summarize("Title", "   ").text()).isEmpty();
    assertThat(summarizer.summarize("", "Only a headline-like line").sentences())
        .containsExactly("Only a headline-like line");
  }

  @Test
  void summarizesAnEntryFromItsTitleAndText() {
    assertThat(
            new ExtractiveSummarizer(2, 60)
                .summarize(
                    Entries.entry(
                        1,
                        "Quarry solar panels homes",
                        String.join(" ", GENERIC_1, GENERIC_2, SALIENT),
                        0))
                .sentences())
        .containsExactly(GENERIC_1, SALIENT);
  }

  @Test
  void contentWordsDropStopWordsAndKeepApostrophes() {
    assertThat(ExtractiveSummarizer.contentWords("The council's plan: it is a 2024 plan, A."))
        .containsExactly("council's", "plan", "2024", "plan");
  }

  @Test
  void rejectsNonPositiveLimits() {
    assertThatThrownBy(() -> new ExtractiveSummarizer(0, 60))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSentences is 0");
    assertThatThrownBy(() -> new ExtractiveSummarizer(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWords is 0");
    assertThat(new Summary(List.of("a b", "c")).wordCount()).isEqualTo(3);
  }
}
