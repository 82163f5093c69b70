package com.inkzee.ranker.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.ranker.alert.AlertDispatcher;
import com.inkzee.ranker.alert.AlertRegistry;
import com.inkzee.ranker.alert.FolderLookup;
import com.inkzee.ranker.testing.TestEntries.MutableClock;
import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the change feed's entries do to the arrival times a digest is extended by: only an entry new
 * to the window arrives, and one the window refuses leaves no time behind.
 */
class EntryIntakeTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final EntryWindow window = new EntryWindow(Duration.ofDays(14), clock);
  private final ArrivalTimes arrivals = new ArrivalTimes();
  private final EntryIntake intake =
      new EntryIntake(
          window,
          new AlertRegistry(),
          new AlertDispatcher(
              AlertDispatcher.Limits.DEFAULTS, hits -> List.of(), e -> e.id(), clock, 0),
          new FolderLookup() {
            @Override
            public boolean follows(long userId, long feedId) {
              return false;
            }

            @Override
            public String folderOf(long userId, long feedId) {
              return null;
            }
          },
          arrivals,
          clock);

  {
    window.addListener(arrivals);
  }

  private static Entry entry(long id, Instant sortAt, String title) {
    return entry(id, id, sortAt, title);
  }

  /** An entry as the change feed brings it; an update comes with a higher {@code sequence}. */
  private static Entry entry(long id, long sequence, Instant sortAt, String title) {
    return new Entry(
        id,
        sequence,
        7,
        "k" + id,
        null,
        "https://example.com/" + id,
        title,
        null,
        null,
        "text",
        List.of(),
        List.of(),
        sortAt,
        null,
        sortAt,
        sortAt,
        "h" + id,
        id,
        null,
        10);
  }

  @Test
  void entriesOlderThanTheWindowLeaveNoArrivalTimeBehind() {
    for (long id = 1; id <= 100; id++) {
      intake.onEntries(List.of(entry(id, NOW.minus(Duration.ofDays(30)), "backlog " + id)));
    }

    assertThat(window.get(1)).isNull();
    assertThat(arrivals.size()).isZero();
  }

  @Test
  void anUpdateOfAnEntryAlreadyInTheWindowIsNotAnArrival() {
    Instant before = NOW.minusSeconds(1);
    window.put(EntryMapper.toWindow(entry(1, NOW.minusSeconds(3600), "loaded at start")));

    clock.advance(Duration.ofMinutes(5));
    intake.onEntries(List.of(entry(1, 50, NOW.minusSeconds(3600), "loaded at start, edited")));
    intake.onEntries(List.of(entry(2, NOW.minusSeconds(60), "new")));

    assertThat(window.get(1).title()).endsWith("edited");
    assertThat(arrivals.arrivedAfter(1, before)).as("loaded at start: arrived before").isFalse();
    assertThat(arrivals.arrivedAfter(2, before)).isTrue();
    assertThat(arrivals.size()).isEqualTo(1);
  }

  @Test
  void anEntryKeepsItsFirstArrivalAcrossUpdates() {
    intake.onEntries(List.of(entry(1, NOW.minusSeconds(60), "first")));
    Instant firstSeen = clock.instant();
    clock.advance(Duration.ofMinutes(5));

    intake.onEntries(List.of(entry(1, 50, NOW.minusSeconds(60), "second")));

    assertThat(arrivals.arrivedAfter(1, firstSeen)).isFalse();
    assertThat(arrivals.arrivedAfter(1, firstSeen.minusMillis(1))).isTrue();
  }
}
