package com.inkzee.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.cli.demo.DemoTemplate;
import com.inkzee.cli.output.ProgressBar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The command line's pure parts: the progress bar and demo dates. (OPML is read and written by the
 * fetcher's own module, {@code opml}, and tested there.)
 */
class UnitsTest {
  @Nested
  class Progress {
    @Test
    void rendersTheShareDone() {
      assertThat(ProgressBar.render(0, 4, 8)).isEqualTo("[........] 0/4");
      assertThat(ProgressBar.render(1, 4, 8)).isEqualTo("[##......] 1/4");
      assertThat(ProgressBar.render(4, 4, 8)).isEqualTo("[########] 4/4");
      assertThat(ProgressBar.render(7, 40, 8)).isEqualTo("[#.......]  7/40");
      assertThat(ProgressBar.render(9, 4, 8)).as("clamped").isEqualTo("[########] 4/4");
      assertThat(ProgressBar.render(0, 0, 4)).isEqualTo("[####] 0/0");
    }

    @Test
    void redrawsInPlaceAndEndsItsLine() {
      StringWriter text = new StringWriter();
      ProgressBar bar = new ProgressBar(new PrintWriter(text), 2, "feeds");
      bar.update(1);
      bar.update(2);
      bar.finish();
      assertThat(text.toString())
          .startsWith("\r[" + "#".repeat(20) + ".".repeat(20) + "] 1/2 feeds\r[")
          .endsWith("] 2/2 feeds" + System.lineSeparator());
    }
  }

  @Nested
  class DemoDates {
    private final Instant at = Instant.parse("2024-05-06T12:30:45.678Z");

    @Test
    void fillsDatesBeforeTheMoment() {
      assertThat(DemoTemplate.render("<pubDate>{{rfc822:-2h}}</pubDate>", at))
          .isEqualTo("<pubDate>Mon, 6 May 2024 10:30:45 GMT</pubDate>");
      assertThat(DemoTemplate.render("{{iso:-3d}} {{iso:-90m}}", at))
          .isEqualTo("2024-05-03T12:30:45Z 2024-05-06T11:00:45Z");
    }

    @Test
    void leavesOtherBracesAlone() {
      String text = "{{rfc822:-N h}} {{iso:+2h}} {{other}}";
      assertThat(DemoTemplate.render(text, at)).isEqualTo(text);
    }
  }
}
