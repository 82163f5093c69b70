package com.inkzee.cli.output;

import java.io.PrintWriter;

/**
 * A one-line progress bar redrawn in place ({@code \r}) on a terminal: {@code
 * [##########..........] 25/50 feeds}. Only drawn when the output is a terminal; a script reading
 * the output gets the summary alone.
 */
public final class ProgressBar {
  /** Characters between the brackets: fits an 80-column terminal with the counts beside it. */
  public static final int WIDTH_CHARS = 40;

  private final PrintWriter out;
  private final int total;
  private final String unit;
  private boolean drawn;

  public ProgressBar(PrintWriter out, int total, String unit) {
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative: " + total);
    }
    this.out = out;
    this.total = total;
    this.unit = unit;
  }

  /** Redraws the bar at {@code done} of the total. */
  public void update(int done) {
    out.print("\r" + render(done, total, WIDTH_CHARS) + " " + unit);
    out.flush();
    drawn = true;
  }

  /** Ends the bar's line, so what follows starts on its own. */
  public void finish() {
    if (drawn) {
      out.println();
      out.flush();
    }
  }

  /** The bar and counts for {@code done} of {@code total}, e.g. {@code [####....] 1/2}. */
  public static String render(int done, int total, int width) {
    int clamped = Math.max(0, Math.min(done, total));
    int filled = total == 0 ? width : (int) ((long) clamped * width / total);
    String digits = Integer.toString(total);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + String.format("%" + digits.length() + "d", clamped)
        + "/"
        + digits;
  }
}
