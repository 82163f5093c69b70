package com.inkzee.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the comparisons as a fixed-width text table for the console and as a Markdown table for
 * the report file, with the same columns, so both read the same way.
 */
final class ResultTable {
  private static final String[] HEADERS = {
    "message",
    "callers",
    "raw calls/s",
    "inkzee calls/s",
    "inkzee/raw",
    "target >=" + Comparison.TARGET_RATIO,
    "raw p50 / p99",
    "inkzee p50 / p99",
    "raw B/call",
    "inkzee B/call"
  };

  private ResultTable() {}

  /** The console table; latencies in microseconds. */
  static String text(List<Comparison> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADERS);
    for (Comparison c : rows) {
      cells.add(row(c, "us"));
    }
    int[] widths = new int[HEADERS.length];
    for (String[] r : cells) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      String[] r = cells.get(n);
      for (int i = 0; i < r.length; i++) {
        String pad = " ".repeat(widths[i] - r[i].length());
        // Names left-aligned, numbers right-aligned, as a reader scans them.
        b.append(i == 0 ? r[i] + pad : pad + r[i]).append(i + 1 < r.length ? "  " : "\n");
      }
      if (n == 0) {
        int total = (widths.length - 1) * 2;
        for (int w : widths) {
          total += w;
        }
        b.append("-".repeat(total)).append('\n');
      }
    }
    b.append(notes(rows));
    return b.toString();
  }

  /** The same table in Markdown; latencies in microseconds. */
  static String markdown(List<Comparison> rows) {
    StringBuilder b = new StringBuilder();
    b.append('|');
    for (String h : HEADERS) {
      b.append(' ').append(h.replace(">=", "≥")).append(" |");
    }
    b.append("\n|");
    for (int i = 0; i < HEADERS.length; i++) {
      b.append(i == 0 ? " --- |" : " ---: |");
    }
    b.append('\n');
    for (Comparison c : rows) {
      b.append('|');
      for (String cell : row(c, "µs")) {
        b.append(' ').append(cell).append(" |");
      }
      b.append('\n');
    }
    String notes = notes(rows);
    if (!notes.isEmpty()) {
      b.append('\n');
      for (String line : notes.split("\n")) {
        b.append("- ").append(line).append('\n');
      }
    }
    return b.toString();
  }

  private static String[] row(Comparison c, String micros) {
    return new String[] {
      c.message(),
      String.valueOf(c.callers()),
      String.format(Locale.ROOT, "%,.0f", c.raw().callsPerSecond()),
      String.format(Locale.ROOT, "%,.0f", c.inkzee().callsPerSecond()),
      String.format(Locale.ROOT, "%.2f", c.ratio()),
      !c.targetApplies() ? "n/a" : c.targetMet() ? "met" : "MISSED",
      latency(c.raw(), micros),
      latency(c.inkzee(), micros),
      String.format(Locale.ROOT, "%,.0f", c.raw().wireBytesPerCall()),
      String.format(Locale.ROOT, "%,.0f", c.inkzee().wireBytesPerCall())
    };
  }

  private static String latency(CellResult r, String unit) {
    return micros(r.p50Nanos()) + " / " + micros(r.p99Nanos()) + " " + unit;
  }

  private static String micros(long nanos) {
    double us = nanos / 1000.0;
    return us < 100
        ? String.format(Locale.ROOT, "%.1f", us)
        : String.format(Locale.ROOT, "%,.0f", us);
  }

  /** Lines about failed calls, which make a row's numbers suspect. */
  private static String notes(List<Comparison> rows) {
    StringBuilder b = new StringBuilder();
    for (Comparison c : rows) {
      for (CellResult r : List.of(c.raw(), c.inkzee())) {
        if (r.errors() > 0 || r.firstError() != null) {
          b.append(
              String.format(
                  Locale.ROOT,
                  "%s %s x%d: %d failed calls; %s\n",
                  r.transport(),
                  c.message(),
                  c.callers(),
                  r.errors(),
                  r.firstError()));
        }
      }
    }
    return b.toString();
  }
}
