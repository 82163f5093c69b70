package com.inkzee.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalSafeWriterTest {
  private static String through(String text) throws IOException {
    StringWriter sink = new StringWriter();
    try (TerminalSafeWriter w = new TerminalSafeWriter(sink)) {
      w.write(text);
    }
    return sink.toString();
  }

  @Test
  void replacesC0C1AndDelButKeepsLayout() throws IOException {
    assertThat(through("a\u001b[31mb\u0007c\u007fd\u0085e\u009bf\u0000g"))
        .isEqualTo("a\uFFFD[31mb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg");
    assertThat(through("line\tone\r\nline two\n")).isEqualTo("line\tone\r\nline two\n");
  }

  @Test
  void leavesOtherTextAlone() throws IOException {
    String text = "Café, naïve — 東京 \uD83D\uDCF0 \u00A0(no-break space) \u00AD";
    assertThat(through(text)).isEqualTo(text);
  }

  @Test
  void singleCharactersAndSlicesAreFilteredAlike() throws IOException {
    StringWriter sink = new StringWriter();
    try (TerminalSafeWriter w = new TerminalSafeWriter(sink)) {
      w.write('x');
      w.write(0x1b);
      w.write("--\u001b--", 1, 3);
      w.write(new char[] {'a', '\u0090', 'b'}, 0, 3);
    }
    assertThat(sink.toString()).isEqualTo("x\uFFFD-\uFFFD-a\uFFFDb");
  }
}
