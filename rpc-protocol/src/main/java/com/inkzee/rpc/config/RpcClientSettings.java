package com.inkzee.rpc.config;

import com.inkzee.rpc.client.ClientConfig;
import com.inkzee.rpc.client.Endpoint;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Reads how a process's Inkzee RPC clients reach the other services from {@code INKZEE_*}
 * variables: the same {@code INKZEE_AUTH_TOKEN} its server takes, and {@code INKZEE_TLS_CA}.
 *
 * <p>A server turns TLS on with {@code INKZEE_TLS_CERT} and {@code INKZEE_TLS_KEY}; its clients
 * then need to know whom to trust, which no default can say for a deployment's own certificates.
 * {@code INKZEE_TLS_CA} names a PEM file of the certificates that sign the services' certificates
 * (or the self-signed certificates themselves); set, every client of the process connects with TLS
 * and checks the server's certificate chain and host name (the endpoint's host, so the certificate
 * names the host or IP address the clients dial). Unset, clients speak plain TCP.
 */
public final class RpcClientSettings {
  private RpcClientSettings() {}

  /** The client config for {@code endpoints}, with the token and TLS the environment gives. */
  public static ClientConfig fromEnv(Env env, List<Endpoint> endpoints) {
    return ClientConfig.defaults(endpoints)
        .withAuthToken(env.secret("INKZEE_AUTH_TOKEN"))
        .withSsl(tls(env));
  }

  /** Client TLS trusting {@code INKZEE_TLS_CA}, or null (plain TCP) when it is unset. */
  public static SslContext tls(Env env) {
    String ca = env.string("INKZEE_TLS_CA", "");
    if (ca.isEmpty()) {
      return null;
    }
    File file = new File(ca);
    if (!file.isFile()) {
      throw new IllegalArgumentException("INKZEE_TLS_CA: no such file " + ca);
    }
    try {
      return SslContextBuilder.forClient().trustManager(file).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "INKZEE_TLS_CA: cannot read certificates from " + ca + ": " + e.getMessage(), e);
    }
  }
}
