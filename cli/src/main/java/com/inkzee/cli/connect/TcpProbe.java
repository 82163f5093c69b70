package com.inkzee.cli.connect;

import com.inkzee.rpc.client.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Asks whether anything listens at an endpoint, with a plain TCP connect. The RPC client would
 * retry a refused connection until its call deadline; on loopback a refusal is immediate, so the
 * command line says "not running" at once instead of after ten seconds.
 */
public final class TcpProbe {
  private final Duration timeout;

  public TcpProbe(Duration timeout) {
    this.timeout = timeout;
  }

  /** Null if something accepted the connection, else why not, in a few words. */
  public String problemWith(Endpoint endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
      return null;
    } catch (UnknownHostException e) {
      return endpoint + ": unknown host " + endpoint.host();
    } catch (SocketTimeoutException e) {
      return endpoint + ": no answer within " + timeout.toMillis() + " ms";
    } catch (ConnectException e) {
      return endpoint + ": connection refused";
    } catch (IOException e) {
      return endpoint + ": " + e.getMessage();
    }
  }
}
