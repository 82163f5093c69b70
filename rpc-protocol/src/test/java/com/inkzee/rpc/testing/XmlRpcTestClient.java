package com.inkzee.rpc.testing;

import com.inkzee.rpc.xmlrpc.MethodResponse;
import com.inkzee.rpc.xmlrpc.XmlRpcParser;
import com.inkzee.rpc.xmlrpc.XmlRpcWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * A minimal XML-RPC client for tests: JDK HttpClient (HTTP/1.1, keep-alive) to a loopback port,
 * documents written and read with our own writer and parser. Peers nobody here wrote (Python,
 * Apache) are tested separately.
 */
public final class XmlRpcTestClient {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI uri;
  private final String token;

  public XmlRpcTestClient(int port, String token) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/RPC2");
    this.token = token;
  }

  /** A raw exchange: status and body. */
  public record Reply(int status, String body) {}

  public Reply post(byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "text/xml")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("X-Inkzee-Token", token);
    }
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      HttpResponse<String> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public MethodResponse call(String method, Object... params) {
    Reply r = post(XmlRpcWriter.call(method, Arrays.asList(params)));
    if (r.status() != 200) {
      throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
    }
    return new XmlRpcParser(64).parseResponse(r.body().getBytes(StandardCharsets.UTF_8));
  }
}
