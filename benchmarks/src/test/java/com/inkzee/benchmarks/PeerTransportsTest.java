package com.inkzee.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each peer transport really works on loopback (its answer checked against the handler's), and
 * bytes on the wire are counted at the socket: Inkzee's count must equal the frames its encoder
 * produces, and the XML-RPC variants must open a connection per call, or not.
 */
@Timeout(60)
class PeerTransportsTest {

  @Test
  void everyTransportAnswersBothWorkloadsCorrectly() throws Exception {
    for (Workload workload : new Workload[] {Workload.small(), Workload.river()}) {
      for (String name : PeerTransports.ALL) {
        try (Transport t = PeerTransports.start(name, workload, 4, PortRoute.DIRECT)) {
          t.verify(); // throws unless the decoded answer is the handler's
          for (int i = 0; i < 20; i++) {
            t.call().get(10, TimeUnit.SECONDS); // throws if the call failed
          }
        }
      }
    }
  }

  @Test
  void inkzeeBytesCountedAtTheSocketAreItsFrames() throws Exception {
    Workload small = Workload.small();
    WireCount.Result r = WireCount.count(PeerTransports.INKZEE, small, 200);

    assertThat(r.failed()).isZero();
    assertThat(r.connectionsPerCall()).isZero();
    assertThat(r.bytesPerCall()).isEqualTo(small.inkzeeBytesPerCall());
  }

  @Test
  void xmlRpcPerCallOpensAConnectionPerCallAndKeepAliveDoesNot() throws Exception {
    WireCount.Result perCall =
        WireCount.count(PeerTransports.XMLRPC_PER_CALL, Workload.small(), 50);
    WireCount.Result kept =
        WireCount.count(PeerTransports.XMLRPC_KEEP_ALIVE, Workload.small(), 200);

    assertThat(perCall.failed()).isZero();
    assertThat(kept.failed()).isZero();
    assertThat(perCall.connectionsPerCall()).isEqualTo(1.0);
    // At most one connection per concurrent caller, whatever the number of calls.
    assertThat(kept.connectionsPerCall()).isLessThanOrEqualTo(WireCount.IN_FLIGHT / 200.0);
    // An HTTP request line, headers and an XML body: far more than the ~100 B of the message.
    assertThat(perCall.requestBytes()).isGreaterThan(400);
    assertThat(kept.requestBytes()).isGreaterThan(400);
  }
}
