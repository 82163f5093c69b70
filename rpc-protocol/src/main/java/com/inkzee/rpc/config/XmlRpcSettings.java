package com.inkzee.rpc.config;

import com.inkzee.rpc.catalogue.Catalogue;
import com.inkzee.rpc.runtime.CallObserver;
import com.inkzee.rpc.server.ServerConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcConfig;
import com.inkzee.rpc.xmlrpc.XmlRpcServer;

/**
 * Reads and starts a service's XML-RPC endpoint, beside its Inkzee RPC server, from {@code
 * INKZEE_XMLRPC_PORT}: the service's default (7201 store, 7202 fetcher, 7203 ranker), {@code 0} for
 * a free port (tests), {@code -1} for none. Unset while {@code INKZEE_RPC_PORT=0}, it is 0 as well.
 * Everything else (bind address, token, handler pool sizes, connection limit, idle timeout, body
 * limit = frame limit) follows the Inkzee RPC settings ({@link XmlRpcConfig#from}).
 */
public final class XmlRpcSettings {
  /** The value of {@code INKZEE_XMLRPC_PORT} that turns the endpoint off. */
  public static final int OFF = -1;

  private XmlRpcSettings() {}

  /** The endpoint's config, or null when {@code INKZEE_XMLRPC_PORT=-1}. */
  public static XmlRpcConfig fromEnv(Env env, int defaultPort, ServerConfig rpc) {
    // A service told to take any free RPC port (tests, several instances on one host) takes any
    // free XML-RPC port too, unless told otherwise, so that it never collides on the default.
    int port = env.integer("INKZEE_XMLRPC_PORT", rpc.port() == 0 ? 0 : defaultPort, OFF, 65535);
    return port == OFF ? null : XmlRpcConfig.from(rpc, port);
  }

  /**
   * Starts the endpoint serving {@code implementation} (the handler object the Inkzee RPC server is
   * given), or returns null when it is off. Pass the result to {@code RpcServer.Builder.alongside}
   * so that the service's shutdown drains it first. {@code observer} is told about each call (the
   * service's XML-RPC metrics).
   */
  public static <S> XmlRpcServer start(
      Env env,
      int defaultPort,
      ServerConfig rpc,
      Catalogue catalogue,
      Class<S> type,
      S implementation,
      CallObserver observer) {
    XmlRpcConfig config = fromEnv(env, defaultPort, rpc);
    if (config == null) {
      return null;
    }
    return XmlRpcServer.builder(catalogue, config)
        .service(type, implementation)
        .observer(observer)
        .start();
  }
}
