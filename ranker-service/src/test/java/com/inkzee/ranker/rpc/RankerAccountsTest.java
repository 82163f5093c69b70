package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.inkzee.ranker.rpc.RankerHarness.Story;
import com.inkzee.rpc.api.ranker.RankerMessages.EntriesRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.store.AccountMessages.CreateAccountRequest;
import com.inkzee.rpc.api.store.AccountMessages.CreateSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.CredentialRequest;
import com.inkzee.rpc.api.store.AccountMessages.EndSessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.Session;
import com.inkzee.rpc.api.store.AccountMessages.SessionRequest;
import com.inkzee.rpc.api.store.AccountMessages.SetPasswordRequest;
import com.inkzee.rpc.api.store.EntryMessages.Entry;
import com.inkzee.rpc.api.store.UserMessages.User;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.status.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web gateway asks of the ranker besides rivers: accounts and sessions (forwarded to the
 * store over RPC, so they outlive a web restart) and entries by id for the reader to open.
 */
class RankerAccountsTest {
  @TempDir static Path dir;
  private static RankerHarness h;

  @BeforeAll
  static void start() {
    h = new RankerHarness(dir);
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static RankerService ranker() {
    return h.ranker();
  }

  private static Status statusOf(Runnable call) {
    try {
      call.run();
    } catch (RpcException e) {
      return e.status();
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void anAccountAndItsSessionsLiveInTheStore() {
    String name = RankerHarness.unique("reader");
    User user = ranker().createAccount(new CreateAccountRequest(name, null, "hash-one")).user();
    assertThat(ranker().getCredential(new CredentialRequest(name)).passwordHash())
        .isEqualTo("hash-one");
    assertThat(statusOf(() -> ranker().createAccount(new CreateAccountRequest(name, null, "x"))))
        .isEqualTo(Status.ALREADY_EXISTS);

    String token = "ab".repeat(32);
    Instant expires = Instant.now().plus(Duration.ofDays(1));
    Session s =
        ranker()
            .createSession(new CreateSessionRequest(user.id(), token, "csrf-token", expires))
            .session();
    assertThat(s.user().name()).isEqualTo(name);
    // The store answers, not the ranker's memory: the store's own client sees the same session.
    assertThat(h.store.store().getSession(new SessionRequest(token)).session()).isEqualTo(s);
    assertThat(ranker().getSession(new SessionRequest(token)).session().csrfToken())
        .isEqualTo("csrf-token");

    assertThat(ranker().setPassword(new SetPasswordRequest(user.id(), "hash-two", true)))
        .extracting(r -> r.sessionsEnded())
        .isEqualTo(1);
    assertThat(statusOf(() -> ranker().getSession(new SessionRequest(token))))
        .isEqualTo(Status.NOT_FOUND);
    assertThat(ranker().endSession(new EndSessionRequest(token)).ended()).isFalse();
  }

  @Test
  void entriesAreThoseOfFeedsTheReaderFollows() {
    long reader = h.newUser("opener");
    long stranger = h.newUser("stranger");
    long feed = h.follow(reader, RankerHarness.feedName("opened"));
    long id =
        h.ingestOne(feed, Story.of("opened").content("The whole article, with its paragraphs."));

    List<Entry> withContent =
        ranker().entries(new EntriesRequest(reader, List.of(id, 987_654_321L), true)).entries();
    assertThat(withContent).extracting(Entry::id).containsExactly(id);
    assertThat(withContent.get(0).content()).contains("The whole article");

    List<Entry> without =
        ranker().entries(new EntriesRequest(reader, List.of(id), false)).entries();
    assertThat(without.get(0).content()).isNull();
    assertThat(without.get(0).title()).startsWith("Story opened");

    assertThat(ranker().entries(new EntriesRequest(stranger, List.of(id), true)).entries())
        .isEmpty();
  }

  @Test
  void entriesRefusesTooManyIdsAndUnknownReaders() {
    long reader = h.newUser("many");
    List<Long> ids = new ArrayList<>();
    LongStream.rangeClosed(1, 1001).forEach(ids::add);
    assertThatThrownBy(() -> ranker().entries(new EntriesRequest(reader, ids, false)))
        .isInstanceOfSatisfying(
            RpcException.class,
            e -> {
              assertThat(e.status()).isEqualTo(Status.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("1001").contains("1000");
            });
    assertThat(
            statusOf(() -> ranker().entries(new EntriesRequest(987_654_321L, List.of(1L), false))))
        .isEqualTo(Status.NOT_FOUND);
  }
}
