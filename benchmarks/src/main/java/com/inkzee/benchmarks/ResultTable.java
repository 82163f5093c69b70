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
    "inkzee/raw (rounds)",
    "target >=" + Comparison.TARGET_RATIO,
    "raw p50 / p99",
    "inkzee p50 / p99",
    "raw B/call",
    "inkzee B/call"
  };

  /** Thread roles of each transport in the threads table ({@link ThreadCpu#ROLES}). */
  private static final String[] RAW_ROLES = {ThreadCpu.ROLES[0], ThreadCpu.ROLES[1]};

  private static final String[] INKZEE_ROLES = {
    ThreadCpu.ROLES[2], ThreadCpu.ROLES[3], ThreadCpu.ROLES[4], ThreadCpu.ROLES[5]
  };

  private static final String[] THREAD_HEADERS = threadHeaders();

  private ResultTable() {}

  /** The console table; latencies in microseconds. */
  static String text(List<Comparison> rows) {
    List<String[]> cells = new ArrayList<>();
    for (Comparison c : rows) {
      cells.add(row(c, "us", "-"));
    }
    return text(HEADERS, cells) + notes(rows);
  }

  /** The same table in Markdown; latencies in microseconds. */
  static String markdown(List<Comparison> rows) {
    List<String[]> cells = new ArrayList<>();
    for (Comparison c : rows) {
      cells.add(row(c, "µs", "–"));
    }
    StringBuilder b = new StringBuilder(markdown(HEADERS, cells));
    String notes = notes(rows);
    if (!notes.isEmpty()) {
      b.append('\n');
      for (String line : notes.split("\n")) {
        b.append("- ").append(line).append('\n');
      }
    }
    return b.toString();
  }

  /**
   * Where each transport's CPU went, per thread role: CPU microseconds per call, and how much of
   * the measured time the role's busiest thread was running (near 100 %: that thread is the
   * bottleneck). "other" is the rest of the process: JIT, GC and threads of no role.
   */
  static String threadsText(List<Comparison> rows) {
    return text(THREAD_HEADERS, threadRows(rows, "us"));
  }

  static String threadsMarkdown(List<Comparison> rows) {
    return markdown(THREAD_HEADERS, threadRows(rows, "µs"));
  }

  private static String[] threadHeaders() {
    List<String> h = new ArrayList<>(List.of("message", "callers"));
    for (String r : RAW_ROLES) {
      h.add(r);
    }
    h.add("raw: other");
    for (String r : INKZEE_ROLES) {
      h.add(r);
    }
    h.add("inkzee: other");
    return h.toArray(new String[0]);
  }

  private static List<String[]> threadRows(List<Comparison> rows, String micros) {
    List<String[]> out = new ArrayList<>();
    for (Comparison c : rows) {
      List<String> r = new ArrayList<>(List.of(c.message(), String.valueOf(c.callers())));
      for (String role : RAW_ROLES) {
        r.add(usage(c.raw(), role, micros));
      }
      r.add(rest(c.raw(), micros));
      for (String role : INKZEE_ROLES) {
        r.add(usage(c.inkzee(), role, micros));
      }
      r.add(rest(c.inkzee(), micros));
      out.add(r.toArray(new String[0]));
    }
    return out;
  }

  /** The rest of the process's CPU per call (JIT, GC, threads of no role): no busiest thread. */
  private static String rest(CellResult r, String micros) {
    return String.format(Locale.ROOT, "%.1f %s", r.cpuMicrosPerCall(ThreadCpu.OTHER), micros);
  }

  /** "12.3 µs, 85 %": CPU per call, and the busiest thread's share of the measured time. */
  private static String usage(CellResult r, String role, String micros) {
    return String.format(
        Locale.ROOT,
        "%.1f %s, %.0f %%",
        r.cpuMicrosPerCall(role),
        micros,
        100 * r.busiestShare(role));
  }

  private static String text(String[] headers, List<String[]> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(headers);
    cells.addAll(rows);
    int[] widths = new int[headers.length];
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
    return b.toString();
  }

  private static String markdown(String[] headers, List<String[]> rows) {
    StringBuilder b = new StringBuilder();
    b.append('|');
    for (String h : headers) {
      b.append(' ').append(h.replace(">=", "≥")).append(" |");
    }
    b.append("\n|");
    for (int i = 0; i < headers.length; i++) {
      b.append(i == 0 ? " --- |" : " ---: |");
    }
    b.append('\n');
    for (String[] r : rows) {
      b.append('|');
      for (String cell : r) {
        b.append(' ').append(cell).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String[] row(Comparison c, String micros, String dash) {
    return new String[] {
      c.message(),
      String.valueOf(c.callers()),
      String.format(Locale.ROOT, "%,.0f", c.raw().callsPerSecond()),
      String.format(Locale.ROOT, "%,.0f", c.inkzee().callsPerSecond()),
      c.ratioText(dash),
      c.verdict(),
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
