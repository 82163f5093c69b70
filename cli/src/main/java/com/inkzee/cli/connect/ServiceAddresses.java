package com.inkzee.cli.connect;

import com.inkzee.rpc.client.Endpoint;
import com.inkzee.rpc.config.Env;
import com.inkzee.rpc.config.RpcClientSettings;
import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where the services are and the secret they expect, read once from the environment: {@code
 * INKZEE_STORE_ENDPOINTS}, {@code INKZEE_FETCHER_ENDPOINTS}, {@code INKZEE_RANKER_ENDPOINTS}
 * (defaults 127.0.0.1:7101, :7102, :7103), {@code INKZEE_AUTH_TOKEN} (unset: none) and {@code
 * INKZEE_WEB_URL} (default http://127.0.0.1:8080/, only for {@code status}), and {@code
 * INKZEE_TLS_CA} for services that serve TLS ({@link RpcClientSettings#tls}; null: plain TCP).
 */
public record ServiceAddresses(
    Map<ServiceKind, List<Endpoint>> endpoints, String authToken, URI webUrl, SslContext tls) {

  public static final String DEFAULT_WEB_URL = "http://127.0.0.1:8080/";

  public ServiceAddresses {
    endpoints = Map.copyOf(endpoints);
    authToken = authToken == null ? "" : authToken;
  }

  /**
   * Reads the addresses; a malformed list is an IllegalArgumentException naming the variable and
   * its value.
   */
  public static ServiceAddresses fromEnv(Env env) {
    Map<ServiceKind, List<Endpoint>> endpoints = new EnumMap<>(ServiceKind.class);
    for (ServiceKind kind : ServiceKind.values()) {
      String text = env.string(kind.endpointsVariable(), kind.defaultEndpoints());
      try {
        endpoints.put(kind, Endpoint.parseList(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            kind.endpointsVariable() + "=" + text + " is not a host:port list: " + e.getMessage());
      }
    }
    String web = env.string("INKZEE_WEB_URL", DEFAULT_WEB_URL);
    URI webUrl;
    try {
      webUrl = URI.create(web);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("INKZEE_WEB_URL=" + web + " is not a URL");
    }
    return new ServiceAddresses(
        endpoints, env.secret("INKZEE_AUTH_TOKEN"), webUrl, RpcClientSettings.tls(env));
  }

  public List<Endpoint> of(ServiceKind kind) {
    return endpoints.get(kind);
  }
}
