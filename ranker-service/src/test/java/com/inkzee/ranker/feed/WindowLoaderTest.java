package com.inkzee.ranker.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.ranker.window.EntryWindow;
import com.inkzee.ranker.window.WindowEntry;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.EntryMessages.EntryInput;
import com.inkzee.rpc.api.store.EntryMessages.IngestRequest;
import com.inkzee.store.testing.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up load of the window against a real (embedded) store. */
class WindowLoaderTest {
  @TempDir Path dir;

  /**
   * An entry with content and no summary (Atom with only content, RSS with only content:encoded):
   * the change feed's copy takes its text from the content, so the load at start must too, or
   * filters, near-duplicates, alert story keys and digest summaries differ after a restart.
   */
  @Test
  void anEntryWithContentAndNoSummaryHasTheSameTextLoadedAsTailed() {
    try (EmbeddedStore store = new EmbeddedStore(dir.resolve("store"))) {
      long user = store.createUser("loader");
      long feed = store.subscribe(user, "https://content-only.example/feed");
      String words =
          IntStream.range(0, 100).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
      Instant published = Instant.now().minus(1, ChronoUnit.HOURS);
      store
          .store()
          .ingestEntries(
              new IngestRequest(
                  feed,
                  List.of(
                      new EntryInput(
                          "only-content",
                          "only-content",
                          "https://content-only.example/1",
                          "Content without a summary",
                          "A Writer",
                          null,
                          "<article><p>" + words + "</p></article>",
                          List.of(),
                          List.of(),
                          published,
                          null,
                          42,
                          "en"))));

      AtomicReference<WindowEntry> tailed = new AtomicReference<>();
      try (ChangeFeedTailer tailer =
          new ChangeFeedTailer(
                  store.store(),
                  0,
                  entries -> {
                    for (Entry e : entries) {
                      tailed.set(EntryMapper.toWindow(e)); // as EntryIntake maps them
                    }
                  },
                  null,
                  Duration.ofMinutes(2))
              .start()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> tailed.get() != null);
      }

      EntryWindow window = new EntryWindow(EntryWindow.DEFAULT_SPAN, Clock.systemUTC());
      WindowLoader.Loaded loaded =
          WindowLoader.load(store.store(), window, Instant.now().minus(EntryWindow.DEFAULT_SPAN));

      assertThat(loaded.entries()).isEqualTo(1);
      WindowEntry fromLoad = window.get(tailed.get().id());
      assertThat(tailed.get().text()).contains("word0", "word99");
      assertThat(fromLoad).isNotNull();
      assertThat(fromLoad.text()).isEqualTo(tailed.get().text());
    }
  }
}
