package com.inkzee.rpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.EchoRequest;
import com.inkzee.rpc.testing.EchoResponse;
import com.inkzee.rpc.testing.Loopback;
import com.inkzee.rpc.testing.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats over a slow link: a response that takes longer to arrive than two heartbeat intervals
 * holds back the PONG queued behind it, but its bytes keep arriving, so the connection is alive.
 * Counting only complete frames took it for dead and failed the call.
 */
class SlowLinkHeartbeatTest {
  /** Server-to-client bytes per second through the relay: a 2 MiB answer takes about 2 s. */
  private static final int BYTES_PER_SECOND = 1 << 20;

  @Test
  void aLargeAnswerArrivingSlowlyIsNotTakenForADeadPeer() throws Exception {
    try (RpcServer server = Loopback.server(new EchoHandler("a"), Loopback.serverConfig());
        SlowRelay relay = new SlowRelay(server.port(), false);
        RpcClient<TestService> client =
            Loopback.client(
                Loopback.clientConfig(List.of(new Endpoint("127.0.0.1", relay.port())))
                    .withHeartbeat(Duration.ofMillis(250))
                    .withCallTimeout(Duration.ofSeconds(30)))) {
      byte[] blob = new byte[2 << 20];
      // Not idempotent: a connection lost under it fails the call rather than retrying it.
      EchoResponse r = client.stub().echoOnce(new EchoRequest("big", 0, blob, List.of(), null));
      assertThat(r.blob()).hasSize(blob.length);
      assertThat(client.readyConnections()).isEqualTo(1);
    }
  }

  /**
   * The server's side of the same: a large request arriving slowly is not a silent peer, though no
   * complete frame arrives for longer than the server's peer-silence timeout.
   */
  @Test
  void aLargeRequestArrivingSlowlyIsNotTakenForASilentPeer() throws Exception {
    try (RpcServer server =
            Loopback.server(
                new EchoHandler("a"),
                Loopback.serverConfig()
                    .withTimeouts(
                        Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMinutes(10)));
        SlowRelay relay = new SlowRelay(server.port(), true);
        RpcClient<TestService> client =
            Loopback.client(
                Loopback.clientConfig(List.of(new Endpoint("127.0.0.1", relay.port())))
                    .withHeartbeat(Duration.ofSeconds(30))
                    .withCallTimeout(Duration.ofSeconds(30)))) {
      byte[] blob = new byte[2 << 20];
      EchoResponse r = client.stub().echoOnce(new EchoRequest("big", 0, blob, List.of(), null));
      assertThat(r.blob()).hasSize(blob.length);
    }
  }

  /**
   * Relays connections on loopback, one direction at {@link #BYTES_PER_SECOND}: the server's bytes,
   * or with {@code slowUp} the client's.
   */
  private static final class SlowRelay implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final Thread acceptor;

    SlowRelay(int serverPort, boolean slowUp) throws IOException {
      acceptor =
          new Thread(
              () -> {
                // Each connection relayed (a client reconnects after losing one), until closed.
                while (!listener.isClosed()) {
                  try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                    pump(client.getInputStream(), server.getOutputStream(), slowUp);
                    pump(server.getInputStream(), client.getOutputStream(), !slowUp);
                  } catch (IOException e) {
                    return; // closed by the test
                  }
                }
              },
              "slow-relay");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private static Thread pump(InputStream in, OutputStream out, boolean slow) {
      Thread t =
          new Thread(
              () -> {
                byte[] chunk = new byte[16 * 1024];
                try {
                  int n;
                  while ((n = in.read(chunk)) > 0) {
                    out.write(chunk, 0, n);
                    out.flush();
                    if (slow) {
                      Thread.sleep(1000L * n / BYTES_PER_SECOND);
                    }
                  }
                } catch (IOException e) {
                  // one side closed
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  try {
                    out.close();
                  } catch (IOException ignored) {
                    // already closed
                  }
                }
              },
              slow ? "slow-relay-slow" : "slow-relay-fast");
      t.setDaemon(true);
      t.start();
      return t;
    }

    @Override
    public void close() throws IOException {
      listener.close(); // the pumps end when client and server close their sockets
    }
  }
}
