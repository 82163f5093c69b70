package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.inkzee.rpc.api.ranker.RankerMessages.DigestRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.DigestResponse;
import com.inkzee.rpc.api.ranker.RankerMessages.EntriesRequest;
import com.inkzee.rpc.api.ranker.RankerMessages.RiverRequest;
import com.inkzee.rpc.api.ranker.RankerService;
import com.inkzee.rpc.api.ranker.RiverOrder;
import com.inkzee.rpc.api.store.EntryMessages.EntriesSinceRequest;
import com.inkzee.rpc.api.store.EntryMessages.GetEntriesRequest;
import com.inkzee.rpc.api.store.EntryMessages.ListEntriesRequest;
import com.inkzee.rpc.api.store.RuleMessages.ListRulesRequest;
import com.inkzee.rpc.api.store.StoreService;
import com.inkzee.rpc.api.store.SubscriptionMessages.ListSubscriptionsRequest;
import com.inkzee.rpc.api.store.UserMessages.GetUserRequest;
import com.inkzee.rpc.catalogue.InkzeeCatalogue;
import com.inkzee.rpc.service.MethodDescriptor;
import com.inkzee.rpc.service.ServiceDescriptor;
import com.inkzee.rpc.status.RpcException;
import com.inkzee.rpc.testing.XmlRpcTestClient;
import com.inkzee.rpc.xmlrpc.MethodResponse;
import com.inkzee.rpc.xmlrpc.XmlRpcValues;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same calls through Inkzee RPC and through XML-RPC give equal results: each answer over
 * XML-RPC is read back into the catalogue's response record and compared with the record Inkzee RPC
 * delivered, field by field (times to the microsecond, longs, enums, nested lists). Failures
 * compare by status and message. A real store on the embedded database and a real ranker tailing
 * it.
 */
class XmlRpcEquivalenceTest {
  @TempDir Path dir;
  private RankerHarness harness;
  private XmlRpcTestClient storeXml;
  private XmlRpcTestClient rankerXml;
  private long userId;
  private long feedId;
  private List<Long> entryIds;

  @BeforeEach
  void start() {
    harness = new RankerHarness(dir);
    storeXml = new XmlRpcTestClient(harness.store.xmlRpcPort(), null);
    rankerXml = new XmlRpcTestClient(harness.own().server.xmlRpcServer().port(), null);
    userId = harness.newUser("equal");
    feedId = harness.follow(userId, RankerHarness.feedName("equal"), "news", 1);
    Instant base = Instant.now().minus(2, ChronoUnit.HOURS).plusNanos(123_456_000);
    List<RankerHarness.Story> stories = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      stories.add(
          RankerHarness.Story.of("equal")
              .title("Équivalence <" + i + "> & co")
              .publishedAt(base.plusSeconds(60L * i))
              .categories("news", "eq" + i));
    }
    Map<String, Long> ids = harness.ingest(feedId, stories.toArray(new RankerHarness.Story[0]));
    entryIds = new ArrayList<>(ids.values());
    harness.awaitTailed(userId, entryIds);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void storeCallsAnswerAlike() throws Exception {
    StoreService rpc = harness.store.store();
    same(StoreService.class, rpc, storeXml, "getUser", new GetUserRequest(userId, null));
    same(
        StoreService.class,
        rpc,
        storeXml,
        "listSubscriptions",
        new ListSubscriptionsRequest(userId));
    same(
        StoreService.class,
        rpc,
        storeXml,
        "listEntries",
        new ListEntriesRequest(List.of(feedId), null, null, 10, null, false));
    same(StoreService.class, rpc, storeXml, "getEntries", new GetEntriesRequest(entryIds, false));
    same(StoreService.class, rpc, storeXml, "entriesSince", new EntriesSinceRequest(0, 100, true));
    same(StoreService.class, rpc, storeXml, "listFilters", new ListRulesRequest(userId));
    sameFailure(StoreService.class, rpc, storeXml, "getUser", new GetUserRequest(424242L, null));
    sameFailure(
        StoreService.class,
        rpc,
        storeXml,
        "listEntries",
        new ListEntriesRequest(List.of(), null, null, -1, null, false));
  }

  @Test
  void rankerCallsAnswerAlike() throws Exception {
    RankerService rpc = harness.ranker();
    // The river scores by age: both calls rank as of the same instant only in the digest, so the
    // river is compared on what does not move between two calls a moment apart.
    var viaRpc =
        rpc.river(new RiverRequest(userId, RiverOrder.NEWEST, false, null, null, null, 20));
    var viaXml =
        XmlRpcValues.toRecord(
            rankerXml
                .call(
                    "ranker.river",
                    new RiverRequest(userId, RiverOrder.NEWEST, false, null, null, null, 20))
                .value(),
            com.inkzee.rpc.api.ranker.RankerMessages.RiverResponse.class);
    assertThat(viaXml.items()).hasSize(5);
    assertThat(viaXml.items())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("score", "why")
        .containsExactlyElementsOf(viaRpc.items());
    DigestResponse digest = rpc.digest(new DigestRequest(userId, 30, null));
    same(
        RankerService.class,
        rpc,
        rankerXml,
        "digest",
        new DigestRequest(userId, 30, digest.asOf()));
    same(
        RankerService.class, rpc, rankerXml, "entries", new EntriesRequest(userId, entryIds, true));
    same(
        RankerService.class,
        rpc,
        rankerXml,
        "listSubscriptions",
        new ListSubscriptionsRequest(userId));
    same(RankerService.class, rpc, rankerXml, "listAlerts", new ListRulesRequest(userId));
    sameFailure(
        RankerService.class,
        rpc,
        rankerXml,
        "river",
        new RiverRequest(987654L, RiverOrder.NEWEST, false, null, null, null, 5));
  }

  /** Calls {@code method} both ways and compares the response records. */
  private <S> void same(Class<S> type, S rpc, XmlRpcTestClient xml, String method, Record request)
      throws Exception {
    MethodDescriptor<?, ?> m = descriptor(type, method);
    Object viaRpc = m.method().invoke(rpc, request);
    MethodResponse viaXml = xml.call(m.qualifiedName(), request);
    assertThat(viaXml.isFault()).as(m.qualifiedName() + ": " + viaXml.faultString()).isFalse();
    @SuppressWarnings("unchecked")
    Class<? extends Record> responseType = (Class<? extends Record>) m.responseType();
    assertThat(XmlRpcValues.toRecord(viaXml.value(), responseType))
        .as(m.qualifiedName())
        .isEqualTo(viaRpc);
  }

  /** Calls {@code method} both ways and compares the failures: status code and message. */
  private <S> void sameFailure(
      Class<S> type, S rpc, XmlRpcTestClient xml, String method, Record request) {
    MethodDescriptor<?, ?> m = descriptor(type, method);
    InvocationTargetException thrown =
        catchThrowableOfType(
            InvocationTargetException.class, () -> m.method().invoke(rpc, request));
    assertThat(thrown).as(m.qualifiedName() + " fails over Inkzee RPC").isNotNull();
    RpcException viaRpc = (RpcException) thrown.getCause();
    MethodResponse viaXml = xml.call(m.qualifiedName(), request);
    assertThat(viaXml.faultCode()).as(m.qualifiedName()).isEqualTo(viaRpc.status().code());
    assertThat(viaXml.faultString()).isEqualTo(viaRpc.status() + ": " + viaRpc.detail());
  }

  private static MethodDescriptor<?, ?> descriptor(Class<?> type, String method) {
    ServiceDescriptor<?> service = InkzeeCatalogue.get().service(type);
    return service.methods().stream()
        .filter(d -> d.name().equals(method))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no method " + method));
  }
}
