package com.inkzee.cli.output;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Passes text on with every control character but tab, newline and carriage return replaced by
 * U+FFFD. What the command line prints comes in good part from feeds (titles, summaries, authors,
 * fetch errors) and from readers, which the store keeps as given; an ESC or a C1 control among it
 * would reach the operator's terminal as an escape sequence that clears the screen, hides lines,
 * retitles the window or, on terminals that allow it, writes the clipboard. JSON output is
 * unchanged by it: Jackson escapes those characters already.
 */
public final class TerminalSafeWriter extends FilterWriter {
  /** What a replaced control character shows as. */
  public static final char REPLACEMENT = '\uFFFD';

  public TerminalSafeWriter(Writer out) {
    super(out);
  }

  /** Whether {@code c} is passed on as is. */
  static boolean printable(char c) {
    if (c < 0x20) {
      return c == '\t' || c == '\n' || c == '\r'; // \r: the progress bar redraws its line with it
    }
    return c != 0x7F && (c < 0x80 || c > 0x9F);
  }

  @Override
  public void write(int c) throws IOException {
    out.write(printable((char) c) ? c : REPLACEMENT);
  }

  @Override
  public void write(char[] chars, int off, int len) throws IOException {
    int start = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (!printable(chars[i])) {
        out.write(chars, start, i - start);
        out.write(REPLACEMENT);
        start = i + 1;
      }
    }
    out.write(chars, start, end - start);
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    write(s.toCharArray(), off, len);
  }
}
