package com.inkzee.benchmarks;

import com.inkzee.benchmarks.ApacheXmlRpcTransport.Connections;
import java.util.List;

/**
 * The transports {@link PeerBenchmark} compares, by name, each started with its own server and
 * client on loopback.
 */
final class PeerTransports {
  static final String RAW = "raw";
  static final String INKZEE = "inkzee";
  static final String GRPC = "grpc";
  static final String XMLRPC_PER_CALL = "xmlrpc-percall";
  static final String XMLRPC_KEEP_ALIVE = "xmlrpc-keepalive";
  static final String XMLRPC_OURS_PER_CALL = "xmlrpc-ours-percall";
  static final String XMLRPC_OURS_KEEP_ALIVE = "xmlrpc-ours-keepalive";

  /** Every transport, in report order. */
  static final List<String> ALL =
      List.of(
          RAW,
          INKZEE,
          GRPC,
          XMLRPC_PER_CALL,
          XMLRPC_KEEP_ALIVE,
          XMLRPC_OURS_PER_CALL,
          XMLRPC_OURS_KEEP_ALIVE);

  /** The XML-RPC ones: Apache's client against Apache's server, then against ours. */
  static final List<String> XMLRPC =
      List.of(XMLRPC_PER_CALL, XMLRPC_KEEP_ALIVE, XMLRPC_OURS_PER_CALL, XMLRPC_OURS_KEEP_ALIVE);

  /** The binary ones, which share one offered rate in the open-loop pass. */
  static final List<String> BINARY = List.of(RAW, INKZEE, GRPC);

  private PeerTransports() {}

  /**
   * Starts one transport.
   *
   * @param callers the most calls in flight at once (the blocking XML-RPC client needs a thread
   *     each)
   * @param route where the client connects, given the server's port
   */
  static Transport start(String name, Workload workload, int callers, PortRoute route) {
    return switch (name) {
      case RAW -> RawTransport.start(workload, route);
      case INKZEE -> InkzeeTransport.start(workload, route);
      case GRPC -> GrpcTransport.start(workload, route);
      case XMLRPC_PER_CALL ->
          ApacheXmlRpcTransport.againstApache(workload, Connections.PER_CALL, callers, route);
      case XMLRPC_KEEP_ALIVE ->
          ApacheXmlRpcTransport.againstApache(workload, Connections.KEEP_ALIVE, callers, route);
      case XMLRPC_OURS_PER_CALL ->
          ApacheXmlRpcTransport.againstOurs(workload, Connections.PER_CALL, callers, route);
      case XMLRPC_OURS_KEEP_ALIVE ->
          ApacheXmlRpcTransport.againstOurs(workload, Connections.KEEP_ALIVE, callers, route);
      default -> throw new IllegalArgumentException("unknown transport '" + name + "'");
    };
  }
}
