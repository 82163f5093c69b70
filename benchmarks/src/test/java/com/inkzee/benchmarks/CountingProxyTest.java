package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class CountingProxyTest {
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A loopback server that answers each connection's bytes with twice as many, then closes. */
  private ServerSocket doublingServer() throws Exception {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket s = server.accept();
              threads.execute(
                  () -> {
                    try (s) {
                      InputStream in = s.getInputStream();
                      OutputStream out = s.getOutputStream();
                      byte[] b = new byte[1024];
                      int n;
                      while ((n = in.read(b)) >= 0) {
                        out.write(b, 0, n);
                        out.write(b, 0, n);
                      }
                    } catch (Exception ignored) {
                      // the test fails on its own counts
                    }
                  });
            } catch (Exception e) {
              return;
            }
          }
        });
    return server;
  }

  @Test
  void countsEveryPayloadByteEachWayAndEveryConnection() throws Exception {
    try (ServerSocket server = doublingServer();
        CountingProxy proxy = CountingProxy.start(server.getLocalPort())) {
      for (int connection = 0; connection < 3; connection++) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
          byte[] request = new byte[1000 + connection];
          s.getOutputStream().write(request);
          s.shutdownOutput();
          byte[] answer = new DataInputStream(s.getInputStream()).readNBytes(4000);
          assertThat(answer).hasSize(2 * request.length); // the server's end came through
        }
      }

      assertThat(proxy.connections()).isEqualTo(3);
      assertThat(proxy.bytesToServer()).isEqualTo(1000 + 1001 + 1002);
      assertThat(proxy.bytesToClient()).isEqualTo(2 * (1000 + 1001 + 1002));
    }
  }

  @Test
  void countsAFramedExchangeOnOneKeptConnection() throws Exception {
    try (ServerSocket server = doublingServer();
        CountingProxy proxy = CountingProxy.start(server.getLocalPort());
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      for (int call = 0; call < 100; call++) {
        s.getOutputStream().write(new byte[95]);
        in.readFully(new byte[190]);
      }

      assertThat(proxy.connections()).isEqualTo(1);
      assertThat(proxy.bytesToServer()).isEqualTo(9_500);
      assertThat(proxy.bytesToClient()).isEqualTo(19_000);
    }
  }
}
