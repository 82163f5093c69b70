package com.inkzee.ranker.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.inkzee.rpc.status.Status;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.TestCatalogue;
import com.inkzee.rpc.testing.TestService;
import com.inkzee.rpc.xmlrpc.ExtensionStyle;
import com.inkzee.rpc.xmlrpc.XmlRpcConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;
import com.inkzee.rpc.xmlrpc.XmlRpcWriter;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache XML-RPC 3.1.3's Java client (test scope only: a peer nobody here wrote) against our
 * endpoint: plain (no extensions, so longs travel as int) and with its extensions on (Apache then
 * sends {@code <ex:i8>} and {@code <ex:nil/>}, and reads them only so spelt: 64-bit fingerprints
 * come back in that dialect), faults as XmlRpcException with our codes, multicall, dates in UTC,
 * and the token as Basic auth's password.
 */
class XmlRpcApacheClientTest {
  @TempDir Path dir;
  private RankerHarness harness;

  @BeforeEach
  void start() {
    harness = new RankerHarness(dir);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static XmlRpcClient client(int port, boolean extensions) throws Exception {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    config.setServerURL(new URL("http://127.0.0.1:" + port + "/RPC2"));
    config.setEnabledForExtensions(extensions);
    config.setTimeZone(TimeZone.getTimeZone("UTC")); // our dateTime.iso8601 values are UTC
    config.setConnectionTimeout(5_000);
    config.setReplyTimeout(30_000);
    XmlRpcClient client = new XmlRpcClient();
    client.setConfig(config);
    return client;
  }

  @Test
  void plainClientDrivesTheStoreAndTheRanker() throws Exception {
    XmlRpcClient store = client(harness.store.xmlRpcPort(), false);
    XmlRpcClient ranker = client(harness.own().server.xmlRpcServer().port(), false);

    Object[] methods = (Object[]) store.execute("system.listMethods", new Object[0]);
    assertThat(Arrays.asList(methods)).contains("store.ingestEntries", "system.multicall");

    String name = RankerHarness.unique("apache");
    Map<?, ?> user =
        (Map<?, ?>)
            ((Map<?, ?>) store.execute("store.createUser", args(Map.of("name", name)))).get("user");
    assertThat(user.get("name")).isEqualTo(name);
    int userId = (Integer) user.get("id"); // an id that fits 32 bits arrives as <i4>

    String feedUrl = "https://" + name + ".example/feed.xml";
    Map<?, ?> sub =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ranker.execute(
                        "ranker.subscribe",
                        args(Map.of("userId", userId, "feedUrl", feedUrl, "title", "Apache"))))
                .get("subscription");
    int feedId = (Integer) sub.get("feedId");

    Date published =
        Date.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    Map<String, Object> entry = new HashMap<>();
    entry.put("entryKey", name + "-1");
    entry.put("url", "https://" + name + ".example/1");
    entry.put("title", "Apache <story> & friends");
    entry.put("summary", "A story told through Apache's client, long enough to be an entry.");
    entry.put("categories", new Object[] {"news"});
    entry.put("publishedAt", published);
    entry.put("fingerprint", 123_456);
    ingestOne(store, feedId, entry);

    Object[] listed =
        (Object[])
            ((Map<?, ?>)
                    store.execute(
                        "store.listEntries",
                        args(Map.of("feedIds", new Object[] {feedId}, "limit", 5))))
                .get("entries");
    assertThat(listed).hasSize(1);
    Map<?, ?> stored = (Map<?, ?>) listed[0];
    assertThat(stored.get("title")).isEqualTo("Apache <story> & friends");
    assertThat(stored.get("publishedAt")).isEqualTo(published);
    assertThat((Object[]) stored.get("categories")).containsExactly("news");

    harness.awaitTailed(userId, ((Number) stored.get("id")).longValue());
    Map<?, ?> river =
        (Map<?, ?>) ranker.execute("ranker.river", args(Map.of("userId", userId, "limit", 10)));
    Object[] items = (Object[]) river.get("items");
    assertThat(items).hasSize(1);
    assertThat(((Map<?, ?>) items[0]).get("title")).isEqualTo("Apache <story> & friends");
    assertThat(((Map<?, ?>) items[0]).get("score")).isInstanceOf(Double.class);

    XmlRpcException notFound =
        catchThrowableOfType(
            XmlRpcException.class,
            () -> ranker.execute("ranker.river", args(Map.of("userId", 987654, "limit", 5))));
    assertThat(notFound.code).isEqualTo(Status.NOT_FOUND.code());
    assertThat(notFound.getMessage()).startsWith("NOT_FOUND: ");
    XmlRpcException badType =
        catchThrowableOfType(
            XmlRpcException.class,
            () -> store.execute("store.getUser", args(Map.of("userId", "seven"))));
    assertThat(badType.code).isEqualTo(Status.INVALID_ARGUMENT.code());

    Object[] multi =
        (Object[])
            store.execute(
                "system.multicall",
                new Object[] {
                  new Object[] {
                    Map.of("methodName", "store.getUser", "params", args(Map.of("userId", userId))),
                    Map.of("methodName", "store.getUser", "params", args(Map.of("userId", 987654)))
                  }
                });
    Map<?, ?> firstUser = (Map<?, ?>) ((Map<?, ?>) ((Object[]) multi[0])[0]).get("user");
    assertThat(firstUser.get("name")).isEqualTo(name);
    assertThat(((Map<?, ?>) multi[1]).get("faultCode")).isEqualTo(Status.NOT_FOUND.code());
  }

  @Test
  void clientWithExtensionsSendsI8AndNil() throws Exception {
    XmlRpcClient store = client(harness.store.xmlRpcPort(), true);
    String name = RankerHarness.unique("apache-ext");
    Map<?, ?> user =
        (Map<?, ?>)
            ((Map<?, ?>) store.execute("store.createUser", args(Map.of("name", name)))).get("user");
    long userId = ((Number) user.get("id")).longValue();
    Map<String, Object> request = new HashMap<>();
    request.put("userId", userId); // a Long: <ex:i8> with extensions on
    request.put("name", null); // <ex:nil/>
    Map<?, ?> found = (Map<?, ?>) store.execute("store.getUser", args(request));
    assertThat(((Map<?, ?>) found.get("user")).get("name")).isEqualTo(name);
  }

  @Test
  void clientWithExtensionsReadsSixtyFourBitFingerprints() throws Exception {
    XmlRpcClient store = client(harness.store.xmlRpcPort(), true);
    XmlRpcClient ranker = client(harness.own().server.xmlRpcServer().port(), true);
    String name = RankerHarness.unique("apache-i8");
    Map<?, ?> user =
        (Map<?, ?>)
            ((Map<?, ?>) store.execute("store.createUser", args(Map.of("name", name)))).get("user");
    long userId = ((Number) user.get("id")).longValue();
    Map<?, ?> sub =
        (Map<?, ?>)
            ((Map<?, ?>)
                    ranker.execute(
                        "ranker.subscribe",
                        args(
                            Map.of(
                                "userId",
                                userId,
                                "feedUrl",
                                "https://" + name + ".example/feed.xml",
                                "title",
                                "Apache i8"))))
                .get("subscription");
    long feedId = ((Number) sub.get("feedId")).longValue();

    long fingerprint = 0xC3A5_C85C_97CB_3127L; // a SimHash: all 64 bits, negative as a long
    Map<String, Object> entry = new HashMap<>();
    entry.put("entryKey", name + "-1");
    entry.put("url", "https://" + name + ".example/1");
    entry.put("title", "Sixty-four bits");
    entry.put("summary", "A story whose fingerprint needs every bit of a long to be told apart.");
    entry.put("fingerprint", fingerprint); // a Long: <ex:i8>
    ingestOne(store, feedId, entry);

    // Apache reads <i8> only as <ex:i8> in its extensions namespace: answered in that dialect
    // because the request declared it. Written bare, these calls failed to parse in the client.
    Map<?, ?> listed =
        (Map<?, ?>)
            ((Object[])
                    ((Map<?, ?>)
                            store.execute(
                                "store.listEntries",
                                args(Map.of("feedIds", new Object[] {feedId}, "limit", 5))))
                        .get("entries"))
                [0];
    assertThat(listed.get("fingerprint")).isEqualTo(fingerprint);
    long id = ((Number) listed.get("id")).longValue();
    Object[] got =
        (Object[])
            ((Map<?, ?>) store.execute("store.getEntries", args(Map.of("ids", new Object[] {id}))))
                .get("entries");
    assertThat(((Map<?, ?>) got[0]).get("fingerprint")).isEqualTo(fingerprint);
    long sequence = ((Number) listed.get("sequence")).longValue();
    Object[] since =
        (Object[])
            ((Map<?, ?>)
                    store.execute(
                        "store.entriesSince",
                        args(Map.of("afterSequence", sequence - 1, "limit", 10))))
                .get("entries");
    List<Object> fingerprints = new ArrayList<>();
    for (Object e : since) {
      fingerprints.add(((Map<?, ?>) e).get("fingerprint"));
    }
    assertThat(fingerprints).contains(fingerprint);

    // Without its extensions Apache's client cannot read a long beyond 32 bits at all.
    XmlRpcClient plain = client(harness.store.xmlRpcPort(), false);
    assertThatThrownBy(
            () -> plain.execute("store.getEntries", args(Map.of("ids", new Object[] {(int) id}))))
        .isInstanceOf(XmlRpcException.class)
        .hasMessageContaining("Unknown type: i8");
  }

  @Test
  void clientWithExtensionsReadsTheNamespacedNilAndI8OurWriterSpells() throws Exception {
    // No service answers a null (absent fields are left out), so our writer's answer is served
    // as is, to show Apache's own parser reading every extension type the way it is spelt.
    List<Object> values = Arrays.asList(1L << 40, null, Map.of("fingerprint", -1L << 40));
    byte[] answer = XmlRpcWriter.response(values, ExtensionStyle.APACHE);
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext(
        "/RPC2",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "text/xml");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    http.start();
    try {
      Object[] read =
          (Object[]) client(http.getAddress().getPort(), true).execute("any", new Object[0]);
      assertThat(read).containsExactly(1L << 40, null, Map.of("fingerprint", -1L << 40));
    } finally {
      http.stop(0);
    }
  }

  @Test
  void tokenTravelsAsBasicAuthPassword() throws Exception {
    try (XmlRpcServer server =
        XmlRpcServer.builder(TestCatalogue.get(), XmlRpcConfig.defaults(0).withAuthToken("s3cret"))
            .service(TestService.class, new EchoHandler("apache"))
            .start()) {
      XmlRpcClient anonymous = client(server.port(), false);
      XmlRpcException refused =
          catchThrowableOfType(
              XmlRpcException.class,
              () -> anonymous.execute("test.echo", args(Map.of("text", "hi"))));
      assertThat(refused.code).isEqualTo(Status.UNAUTHENTICATED.code());

      XmlRpcClient withToken = client(server.port(), false);
      XmlRpcClientConfigImpl config = (XmlRpcClientConfigImpl) withToken.getClientConfig();
      config.setBasicUserName("inkzee");
      config.setBasicPassword("s3cret");
      Map<?, ?> echoed = (Map<?, ?>) withToken.execute("test.echo", args(Map.of("text", "hi")));
      assertThat(echoed.get("text")).isEqualTo("hi");
      assertThat(echoed.get("servedBy")).isEqualTo("apache");
    }
  }

  private static Object[] args(Map<String, ?> struct) {
    return List.of(struct).toArray();
  }

  /** Ingests one entry through Apache's client and checks it went in. */
  private static void ingestOne(XmlRpcClient store, Object feedId, Map<String, Object> entry)
      throws XmlRpcException {
    Map<?, ?> ingested =
        (Map<?, ?>)
            store.execute(
                "store.ingestEntries",
                args(Map.of("feedId", feedId, "entries", new Object[] {entry})));
    assertThat(ingested.get("inserted")).isEqualTo(1);
  }
}
