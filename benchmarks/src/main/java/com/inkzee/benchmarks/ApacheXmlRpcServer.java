package com.inkzee.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.server.PropertyHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcServer;
import org.apache.xmlrpc.server.XmlRpcServerConfigImpl;
import org.apache.xmlrpc.webserver.WebServer;

/**
 * Apache XML-RPC 3.1.3's own {@link WebServer} serving the benchmark service: a thread per
 * connection (its pool has no limit by default), blocking sockets, a 50-connection accept backlog,
 * as the original system's subsystems served XML-RPC. Benchmark only: Apache XML-RPC must never
 * serve in a service (its extensions deserialise Java objects; they stay off here).
 */
final class ApacheXmlRpcServer implements AutoCloseable {
  private final WebServer web;

  private ApacheXmlRpcServer(boolean keepAlive) throws IOException, XmlRpcException {
    web = new WebServer(0, InetAddress.getLoopbackAddress());
    XmlRpcServer server = web.getXmlRpcServer();
    PropertyHandlerMapping handlers = new PropertyHandlerMapping();
    handlers.addHandler("bench", ApacheXmlRpcHandler.class);
    server.setHandlerMapping(handlers);
    XmlRpcServerConfigImpl config = (XmlRpcServerConfigImpl) server.getConfig();
    config.setEnabledForExtensions(false);
    config.setContentLengthOptional(false);
    // Off: every answer says "Connection: close", one connection per call, as the original system.
    config.setKeepAliveEnabled(keepAlive);
    web.start();
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param keepAlive whether connections stay open between calls (HTTP/1.1 keep-alive)
   */
  static ApacheXmlRpcServer start(boolean keepAlive) {
    try {
      return new ApacheXmlRpcServer(keepAlive);
    } catch (IOException | XmlRpcException e) {
      throw new IllegalStateException("Apache XML-RPC server did not start: " + e, e);
    }
  }

  int port() {
    return web.getPort();
  }

  @Override
  public void close() {
    web.shutdown();
  }
}
