package com.inkzee.fetcher.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.api.store.EntryMessages.Enclosure;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryLimitsTest {
  @Test
  void cutsOnACodePointBoundaryWithinTheByteLimit() {
    String s = "é".repeat(10) + "😀"; // 2 bytes each, then 4
    assertThat(EntryLimits.truncate(s, 7)).isEqualTo("ééé");
    assertThat(EntryLimits.truncate(s, 24)).isEqualTo(s);
    assertThat(EntryLimits.truncate(s, 23)).isEqualTo("é".repeat(10));
    assertThat(EntryLimits.truncate(null, 5)).isNull();
  }

  @Test
  void anOverLongKeyBecomesItsHashNeverACutThatCouldCollide() {
    String prefix = "x".repeat(StoreLimits.MAX_KEY_BYTES);
    String a = EntryLimits.key(prefix + "a");
    String b = EntryLimits.key(prefix + "b");
    assertThat(a).startsWith("sha256:").isNotEqualTo(b).isEqualTo(EntryLimits.key(prefix + "a"));
    assertThat(a.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(StoreLimits.MAX_KEY_BYTES);
    assertThat(EntryLimits.key("guid-1")).isEqualTo("guid-1");
  }

  @Test
  void fitsEveryFieldAndListInsideTheStoresLimits() {
    List<String> categories = new ArrayList<>();
    for (int i = 0; i < StoreLimits.MAX_CATEGORIES + 10; i++) {
      categories.add("c" + i);
    }
    String hugeUrl = "https://x.example/" + "p".repeat(StoreLimits.MAX_URL_BYTES);
    EntryInput e =
        new EntryInput(
            "k",
            "g",
            hugeUrl,
            "t".repeat(StoreLimits.MAX_TITLE_BYTES + 1),
            "a",
            "s".repeat(StoreLimits.MAX_SUMMARY_BYTES + 1),
            "c".repeat(StoreLimits.MAX_CONTENT_BYTES + 1),
            categories,
            List.of(
                new Enclosure(hugeUrl, "audio/mpeg", 1, 0),
                new Enclosure("https://x.example/ep.mp3", "audio/mpeg", 1, 60)),
            null,
            null,
            0,
            "en");
    EntryInput fit = EntryLimits.fit(e);
    assertThat(fit.url()).isNull();
    assertThat(fit.title()).hasSize(StoreLimits.MAX_TITLE_BYTES);
    assertThat(fit.summary()).hasSize(StoreLimits.MAX_SUMMARY_BYTES);
    assertThat(fit.content()).hasSize(StoreLimits.MAX_CONTENT_BYTES);
    assertThat(fit.categories()).hasSize(StoreLimits.MAX_CATEGORIES);
    assertThat(fit.enclosures())
        .containsExactly(new Enclosure("https://x.example/ep.mp3", "audio/mpeg", 1, 60));
  }

  @Test
  void anOverLongLanguageIsDroppedNotCut() {
    EntryInput e =
        new EntryInput(
            "k",
            null,
            null,
            "t",
            null,
            null,
            null,
            List.of(),
            List.of(),
            null,
            null,
            0,
            "en-GB, fr-FR, de-DE, " + "x".repeat(StoreLimits.MAX_LANGUAGE_BYTES));
    assertThat(EntryLimits.fit(e).language()).isNull();
    EntryInput tagged =
        new EntryInput(
            "k", null, null, "t", null, null, null, List.of(), List.of(), null, null, 0, "en-GB");
    assertThat(EntryLimits.fit(tagged).language()).isEqualTo("en-GB");
  }
}
