package com.inkzee.rpc.hostile;

import static com.inkzee.rpc.hostile.Memory.MIB;
import static com.inkzee.rpc.hostile.Memory.mib;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.inkzee.rpc.server.RpcServer;
import com.inkzee.rpc.testing.EchoHandler;
import com.inkzee.rpc.testing.Loopback;
import com.sun.management.UnixOperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One server holding 10,000 idle, handshaken connections: all are kept, its threads do not grow
 * with them, and its heap grows by less than 200 MiB.
 *
 * <p>Both ends of every connection are file descriptors. With a limit of at least 22,000 the
 * clients run in this JVM, as raw Netty channels; with a smaller one (this workplace's hard limit
 * is 20,000, which even root cannot raise) they run in a child JVM with the same class path, so
 * each process needs only 10,000. The count can be lowered with {@code -Dinkzee.connections=N} to
 * try the test on a small machine.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
  private static final int CONNECTIONS = Integer.getInteger("inkzee.connections", 10_000);
  private static final int FEW = 100;
  private static final long HEAP_BUDGET = 200 * MIB;

  /** Descriptors the JVM needs besides sockets: jars, epoll, pipes, logs. */
  private static final int OTHER_FDS = 2_000;

  private static final Duration CONNECT_WITHIN = Duration.ofSeconds(60);

  @Test
  void holdsTenThousandIdleConnectionsWithoutMoreThreadsAndWithinTheHeapBudget() throws Exception {
    long maxFds = maxFileDescriptors();
    boolean sameJvm = maxFds >= 2L * CONNECTIONS + OTHER_FDS;
    if (!sameJvm && maxFds < CONNECTIONS + OTHER_FDS) {
      String reason =
          "skipped: "
              + CONNECTIONS
              + " connections need "
              + (CONNECTIONS + OTHER_FDS)
              + " file descriptors per process, this JVM may open "
              + maxFds
              + " (raise it with `ulimit -n 65536` before running Maven)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    System.out.printf(
        "%d connections, fd limit %d: clients in %s%n",
        CONNECTIONS, maxFds, sameJvm ? "this JVM" : "a child JVM");

    // Timeouts long enough that no idle connection is closed while the test runs.
    RpcServer server =
        Loopback.server(
            new EchoHandler("many"),
            Loopback.serverConfig()
                .withTimeouts(
                    Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10)));
    try (Clients few = Clients.start(sameJvm, server.port(), FEW)) {
      awaitHeld(server, FEW);
      int threadsFew = serverThreads();
      int jvmThreadsFew = ManagementFactory.getThreadMXBean().getThreadCount();
      long heapFew = Memory.usedHeapAfterGc();
      long pooledFew = Memory.nettyPooledBytes();

      long start = System.nanoTime();
      try (Clients many = Clients.start(sameJvm, server.port(), CONNECTIONS - FEW)) {
        awaitHeld(server, CONNECTIONS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int threadsMany = serverThreads();
        int jvmThreadsMany = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapGrown = Memory.usedHeapAfterGc() - heapFew;
        long pooledGrown = Memory.nettyPooledBytes() - pooledFew;

        System.out.printf(
            "%d connections handshaken in %d ms%n"
                + "server threads: %d at %d connections, %d at %d (JVM: %d and %d)%n"
                + "heap growth from %d to %d connections: %s (%d bytes per connection)%s%n"
                + "Netty pooled memory growth: %s%n",
            CONNECTIONS - FEW,
            took.toMillis(),
            threadsFew,
            FEW,
            threadsMany,
            CONNECTIONS,
            jvmThreadsFew,
            jvmThreadsMany,
            FEW,
            CONNECTIONS,
            mib(heapGrown),
            heapGrown / (CONNECTIONS - FEW),
            sameJvm ? ", clients included" : "",
            mib(pooledGrown));

        // Still all there a moment later: none was closed after its handshake.
        Thread.sleep(1_000);
        assertThat(server.connectionCount()).isEqualTo(CONNECTIONS);
        assertThat(few.open() + many.open()).isEqualTo(CONNECTIONS);
        // Threads are fixed by configuration (accept, I/O loops; handlers start on demand).
        assertThat(threadsMany).as("server threads").isLessThanOrEqualTo(threadsFew);
        assertThat(heapGrown).as("heap growth").isLessThan(HEAP_BUDGET);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(FEW));
    } finally {
      server.close();
    }
  }

  private static long maxFileDescriptors() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof UnixOperatingSystemMXBean unix
        ? unix.getMaxFileDescriptorCount()
        : Long.MAX_VALUE;
  }

  /** Threads of the test service's servers: named inkzee-test-accept, -io, -handler. */
  private static int serverThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("inkzee-test-"))
            .count();
  }

  private static void awaitHeld(RpcServer server, int count) {
    await()
        .atMost(CONNECT_WITHIN)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(server.connectionCount()).isEqualTo(count));
  }

  /** Idle clients in this JVM or in a child one. */
  private interface Clients extends AutoCloseable {
    int open() throws IOException;

    @Override
    void close() throws IOException;

    static Clients start(boolean sameJvm, int port, int count) throws Exception {
      if (sameJvm) {
        IdleClients clients = IdleClients.open(port, count, "", CONNECT_WITHIN);
        assertThat(clients.acked()).as(clients.progress()).isEqualTo(count);
        return new Clients() {
          @Override
          public int open() {
            return clients.open();
          }

          @Override
          public void close() {
            clients.close();
          }
        };
      }
      return ChildClients.start(port, count);
    }
  }

  /** {@link IdleClients#main} in a child JVM, talked to over its standard streams. */
  private static final class ChildClients implements Clients {
    private final Process process;
    private final BufferedReader out;

    private ChildClients(Process process) {
      this.process = process;
      this.out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildClients start(int port, int count) throws IOException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder pb =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-Xmx512m",
                      "-XX:+UseSerialGC",
                      "-cp",
                      System.getProperty("java.class.path"),
                      IdleClients.class.getName(),
                      String.valueOf(port),
                      String.valueOf(count)))
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      ChildClients child = new ChildClients(pb.start());
      String line = child.out.readLine(); // the child gives up by itself after 60 s
      if (line == null || !line.equals("ACKED " + count + " FAILED 0")) {
        child.process.destroyForcibly();
        throw new AssertionError("child clients: " + line);
      }
      return child;
    }

    @Override
    public int open() throws IOException {
      process.getOutputStream().write("COUNT\n".getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
      String line = out.readLine();
      if (line == null || !line.startsWith("OPEN ")) {
        throw new AssertionError("child clients: " + line);
      }
      return Integer.parseInt(line.substring("OPEN ".length()));
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close(); // end of input: the child closes and exits
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
