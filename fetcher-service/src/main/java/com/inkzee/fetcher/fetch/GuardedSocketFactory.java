package com.inkzee.fetcher.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.SocketFactory;

/**
 * Hands OkHttp sockets that refuse, in {@link Socket#connect}, any address the {@link
 * AddressPolicy} does not allow. This is the check the SSRF safety rests on, because it sees the
 * one address the socket is about to connect to, after every DNS answer and whatever route OkHttp
 * picked:
 *
 * <ul>
 *   <li>DNS rebinding cannot pass: a name that resolved to a public address when someone checked
 *       it, and to 127.0.0.1 when OkHttp resolved it again, is refused at the second answer;
 *   <li>IP-literal URLs ({@code http://10.0.0.1/}, {@code http://[::ffff:127.0.0.1]/}) never reach
 *       {@link okhttp3.Dns}, and are refused here;
 *   <li>every redirect hop opens its connections through this factory too.
 * </ul>
 *
 * An {@link okhttp3.EventListener#connectStart} check would see the same address, but an event
 * listener must not throw, so it could only log; here the refusal happens before a SYN is sent. TLS
 * sockets are layered over these by OkHttp, so https is covered too. The client is built with
 * {@code Proxy.NO_PROXY}: through a proxy the socket would connect to the proxy, not the target.
 */
final class GuardedSocketFactory extends SocketFactory {
  private final AddressPolicy policy;
  private final Predicate<InetAddress> tripwire;

  GuardedSocketFactory(AddressPolicy policy) {
    this(policy, address -> true);
  }

  /**
   * With a test tripwire: an address the policy let through must also pass {@code tripwire}, or the
   * connect fails with an {@link IllegalStateException}. SSRF tests set it to "loopback only", so
   * that a broken guard fails the test instead of sending a packet to 10.x or a public host.
   */
  GuardedSocketFactory(AddressPolicy policy, Predicate<InetAddress> tripwire) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.tripwire = Objects.requireNonNull(tripwire, "tripwire");
  }

  @Override
  public Socket createSocket() {
    return new GuardedSocket(policy, tripwire);
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket s = new GuardedSocket(policy, tripwire);
    try {
      if (local != null) {
        s.bind(local);
      }
      s.connect(remote);
      return s;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** A plain socket whose connect first asks the policy. */
  static final class GuardedSocket extends Socket {
    private final AddressPolicy policy;
    private final Predicate<InetAddress> tripwire;

    GuardedSocket(AddressPolicy policy, Predicate<InetAddress> tripwire) {
      this.policy = policy;
      this.tripwire = tripwire;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!(endpoint instanceof InetSocketAddress inet) || inet.isUnresolved()) {
        // An unresolved address would be resolved inside connect, after our check.
        throw new IOException("refusing to connect to unresolved address " + endpoint);
      }
      InetAddress address = inet.getAddress();
      if (!policy.allows(address)) {
        throw new AddressRefusedException(inet.getHostString(), address, policy);
      }
      if (!tripwire.test(address)) {
        throw new IllegalStateException(
            "test tripwire: the address guard let " + address + " through");
      }
      super.connect(endpoint, timeout);
    }
  }
}
