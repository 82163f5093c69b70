package com.inkzee.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.inkzee.fetcher.fetch.FetchException.Kind;
import com.inkzee.fetcher.testing.FeedServer;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SSRF and TLS. Every connection here goes to the loopback FeedServer or nowhere: addresses of
 * other classes only ever come from a test Dns or a URL literal, are refused before connect, and
 * the fetchers carry a loopback-only tripwire in case the guard ever let one through.
 */
@Timeout(30)
class FetchSafetyTest {
  private static final String RSS =
      "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";

  private FeedServer server;

  @BeforeEach
  void start() throws Exception {
    server = FeedServer.start();
    server.content("/feed.xml", RSS, "application/rss+xml");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static FetchSettings strict() {
    return TestFetchers.loopback().withAddressPolicy(AddressPolicy.strict());
  }

  /** http://feed.example:port/feed.xml, which the test Dns resolves. */
  private URI named(String path) {
    return URI.create("http://feed.example:" + server.port() + path);
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // literals only: no lookup
  }

  @Nested
  class AddressClasses {
    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(
        strings = {
          "127.0.0.1", // loopback
          "127.8.9.10",
          "10.0.0.1", // private
          "172.16.5.4",
          "172.31.255.254",
          "192.168.1.1",
          "169.254.169.254", // link-local, cloud metadata
          "100.64.0.1", // CGNAT
          "0.0.0.0", // unspecified
          "255.255.255.255", // broadcast
          "224.0.0.1", // multicast
          "::1",
          "::",
          "fe80::1", // link-local
          "fc00::1", // unique-local
          "fd12:3456::1",
          "ff02::1", // multicast
          "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254
          "::127.0.0.1", // IPv4-compatible loopback
          "2002:0a00:0001::1" // 6to4 of 10.0.0.1
        })
    void refusesEachClassResolvedByDns(String literal) throws Exception {
      try (FeedFetcher fetcher = TestFetchers.fetcher(strict(), TestFetchers.always(ip(literal)))) {
        assertRefused(fetcher, named("/feed.xml"), ip(literal).getHostAddress());
      }
      assertThat(server.connectionCount()).isZero();
    }

    @ParameterizedTest(name = "refuses IPv4-mapped ::ffff:{0}")
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.1"})
    void refusesIpv4MappedForms(String v4) throws Exception {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip(v4).getAddress(), 0, mapped, 12, 4);
      // Inet6Address.getByAddress keeps the IPv6 form (InetAddress.getByAddress would not).
      InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
      try (FeedFetcher fetcher = TestFetchers.fetcher(strict(), TestFetchers.always(address))) {
        assertRefused(fetcher, named("/feed.xml"), "");
      }
    }

    @Test
    void refusesAnIpLiteralUrlAtConnectTime() throws Exception {
      // OkHttp never asks Dns about an IP literal: only the socket guard stands in the way.
      try (FeedFetcher fetcher = TestFetchers.fetcher(strict())) {
        assertRefused(fetcher, server.uri("/feed.xml"), "127.0.0.1");
      }
      assertNoConnection();
      assertThat(server.requestCount()).isZero();
    }

    @Test
    void refusesPrivateIpLiteralUrls() throws Exception {
      try (FeedFetcher fetcher = TestFetchers.fetcher(strict())) {
        assertRefused(fetcher, URI.create("http://10.20.30.40/feed.xml"), "10.20.30.40");
        assertRefused(fetcher, URI.create("http://169.254.169.254/latest/meta-data/"), "169.254");
        assertRefused(fetcher, URI.create("http://[::ffff:10.0.0.1]/feed.xml"), "10.0.0.1");
        assertRefused(fetcher, URI.create("http://[fd00::1]/feed.xml"), "fd00");
      }
    }

    @Test
    void rebindingDnsCannotPass() throws Exception {
      AtomicInteger lookups = new AtomicInteger();
      InetAddress publicAddress = ip("93.184.216.34");
      Dns rebinding =
          host ->
              lookups.getAndIncrement() == 0
                  ? List.of(publicAddress)
                  : List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
      // A check done before the fetch sees the public answer and would let the URL through...
      assertThat(AddressPolicy.strict().allows(rebinding.lookup("feed.example").get(0))).isTrue();

      // ...but the connection uses the next answer, 127.0.0.1, and the guard sits there.
      try (FeedFetcher fetcher = TestFetchers.fetcher(strict(), rebinding)) {
        assertRefused(fetcher, named("/feed.xml"), "127.0.0.1");
      }
      assertThat(lookups.get()).isGreaterThanOrEqualTo(2);
      assertNoConnection();
    }

    @Test
    void theSocketGuardRefusesBeforeConnecting() throws Exception {
      GuardedSocketFactory guard = new GuardedSocketFactory(AddressPolicy.strict());
      try (Socket socket = guard.createSocket()) {
        assertThatThrownBy(
                () -> socket.connect(new InetSocketAddress(ip("127.0.0.1"), server.port()), 1000))
            .isInstanceOf(AddressRefusedException.class)
            .hasMessageContaining("127.0.0.1 is not an allowed address (policy: strict)");
      }
      assertThat(server.connectionCount()).isZero();

      GuardedSocketFactory open = new GuardedSocketFactory(AddressPolicy.allowing("127.0.0.1/32"));
      try (Socket socket = open.createSocket(ip("127.0.0.1"), server.port())) {
        assertThat(socket.isConnected()).isTrue();
      }
    }

    @Test
    void aHostWithOnePublicAndOnePrivateAddressKeepsOnlyThePublicOne() throws Exception {
      List<InetAddress> answer = List.of(ip("10.0.0.1"), ip("93.184.216.34"));
      GuardedDns dns = new GuardedDns(host -> answer, AddressPolicy.strict());
      assertThat(dns.lookup("mixed.example")).containsExactly(ip("93.184.216.34"));
    }

    @Test
    void theAllowListOpensOnlyItsRanges() throws Exception {
      FetchSettings open = TestFetchers.loopback(); // allows 127.0.0.1/32 only
      try (FeedFetcher fetcher = TestFetchers.fetcher(open, TestFetchers.always(ip("127.0.0.1")))) {
        assertThat(fetcher.fetch(FetchRequest.of(named("/feed.xml"), 1)).status()).isEqualTo(200);
      }
      try (FeedFetcher fetcher = TestFetchers.fetcher(open, TestFetchers.always(ip("127.0.0.2")))) {
        assertRefused(fetcher, named("/feed.xml"), "127.0.0.2");
      }
    }

    /**
     * The server accepts asynchronously, so "no connection yet" right after the fetch proves
     * little; a connection that was made is counted within milliseconds.
     */
    private void assertNoConnection() {
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> server.connectionCount() == 0);
    }

    private void assertRefused(FeedFetcher fetcher, URI url, String addressInMessage) {
      assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(url, 1)))
          .isInstanceOfSatisfying(
              FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED))
          .hasMessageContaining("Refused to fetch http://")
          .hasMessageNotContaining("redirected from")
          .hasMessageContaining(addressInMessage);
    }
  }

  @Nested
  class Redirects {
    @Test
    void refusesARedirectFromAnAllowedServerToAPrivateAddress() throws Exception {
      server.redirect("/go", 302, "http://10.0.0.1/feed.xml");
      try (FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback())) {
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(server.uri("/go"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED))
            .hasMessageContaining("http://10.0.0.1/feed.xml")
            .hasMessageContaining("redirected from " + server.uri("/go"));
      }
      assertThat(server.requestCount("/go")).isEqualTo(1);
    }

    @Test
    void refusesARedirectToANameThatResolvesToTheMetadataService() throws Exception {
      server.redirect("/go", 301, "http://metadata.internal/latest/");
      Dns dns =
          host ->
              host.equals("metadata.internal")
                  ? List.of(
                      InetAddress.getByAddress(
                          host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}))
                  : List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
      try (FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback(), dns)) {
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(server.uri("/go"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED))
            .hasMessageContaining("169.254.169.254");
      }
    }

    @Test
    void refusesARedirectToAFileUrl() throws Exception {
      server.redirect("/go", 302, "file:///etc/passwd");
      try (FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback())) {
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(server.uri("/go"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SCHEME_NOT_ALLOWED))
            .hasMessageContaining("file:///etc/passwd")
            .hasMessageContaining("scheme 'file'");
      }
    }
  }

  @Nested
  class Schemes {
    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(
        strings = {
          "file:///etc/passwd",
          "ftp://ftp.example.org/feed.xml",
          "gopher://127.0.0.1:70/_GET",
          "jar:file:///x.jar!/feed.xml",
          "mailto:someone@example.org"
        })
    void refusesNonHttpSchemes(String url) throws Exception {
      try (FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback())) {
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(URI.create(url), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.SCHEME_NOT_ALLOWED))
            .hasMessageContaining(url)
            .hasMessageContaining("only http and https");
      }
    }
  }

  @Nested
  class Tls {
    @Test
    void strictVerificationRejectsASelfSignedCertificate() throws Exception {
      try (FeedServer https = FeedServer.startHttps(selfSigned());
          FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback())) {
        https.content("/feed.xml", RSS, "application/rss+xml");
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(https.uri("/feed.xml"), 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS))
            .hasMessageContaining("strict verification");
        assertThat(https.requestCount()).isZero();
      }
    }

    @Test
    void theExemptionAcceptsItForThatFetchOnly() throws Exception {
      try (FeedServer https = FeedServer.startHttps(selfSigned());
          FeedFetcher fetcher = TestFetchers.fetcher(TestFetchers.loopback())) {
        https.content("/feed.xml", RSS, "application/rss+xml");
        URI url = https.uri("/feed.xml");

        FetchResult exempt = fetcher.fetch(new FetchRequest(url, null, null, 1, true));
        assertThat(exempt.status()).isEqualTo(200);
        assertThat(exempt.body()).isNotNull();

        // The exemption is no global switch: the next strict fetch of the same server fails.
        assertThatThrownBy(() -> fetcher.fetch(FetchRequest.of(url, 1)))
            .isInstanceOfSatisfying(
                FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS));
      }
    }

    @Test
    void theExemptionStillAppliesTheAddressPolicy() throws Exception {
      try (FeedServer https = FeedServer.startHttps(selfSigned());
          FeedFetcher fetcher = TestFetchers.fetcher(strict())) {
        assertThatThrownBy(
                () -> fetcher.fetch(new FetchRequest(https.uri("/feed.xml"), null, null, 1, true)))
            .isInstanceOfSatisfying(
                FetchException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.ADDRESS_NOT_ALLOWED));
        assertThat(https.connectionCount()).isZero();
      }
    }

    private SSLSocketFactory selfSigned() throws Exception {
      SelfSignedCertificate cert = new SelfSignedCertificate("localhost");
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "test".toCharArray();
      store.setKeyEntry("server", cert.key(), password, new Certificate[] {cert.cert()});
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context.getSocketFactory();
    }
  }
}
