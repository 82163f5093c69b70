package com.inkzee.rpc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items reach the channel once each, in order, in batches the event loop drains. */
class WriteBatcherTest {
  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final List<String> discarded = new ArrayList<>();
  private final WriteBatcher<String> batcher =
      new WriteBatcher<>(channel, s -> channel.write(s), discarded::add);

  @Test
  void queuedItemsWaitForTheScheduledDrainAndGoOutInOneBatch() {
    batcher.enqueue("a");
    batcher.enqueue("b");
    assertThat(written()).as("nothing before the event loop runs the drain").isEmpty();
    channel.runPendingTasks();
    assertThat(written()).containsExactly("a", "b");
  }

  @Test
  void aLongQueueIsDrainedInTurnsWithoutLosingOrder() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1_300; i++) {
      batcher.enqueue("item-" + i);
      expected.add("item-" + i);
    }
    channel.runPendingTasks(); // runs the first turn, which schedules the next, and so on
    channel.runPendingTasks();
    channel.runPendingTasks();
    assertThat(written()).containsExactlyElementsOf(expected);
  }

  @Test
  void whatCannotBeSentAnyMoreIsDiscarded() {
    batcher.enqueue("a");
    batcher.enqueue("b");
    batcher.discardAll();
    channel.runPendingTasks();
    assertThat(written()).isEmpty();
    assertThat(discarded).containsExactly("a", "b");
  }

  private List<String> written() {
    List<String> out = new ArrayList<>();
    Object m;
    while ((m = channel.readOutbound()) != null) {
      out.add((String) m);
    }
    return out;
  }
}
