package com.inkzee.fetcher.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which IP addresses the fetcher may connect to: the SSRF guard. A feed URL is chosen by whoever
 * subscribes to it, so without this a user could make the fetcher read the cloud metadata service
 * (169.254.169.254), an admin port on loopback, or anything on the private network behind it.
 *
 * <p>{@link #strict()} refuses every address that is not globally routable unicast: unspecified,
 * loopback, private (10/8, 172.16/12, 192.168/16), CGNAT (100.64/10), link-local (169.254/16,
 * fe80::/10), unique-local (fc00::/7), site-local (fec0::/10), multicast, broadcast and the other
 * IANA special-purpose blocks (documentation, benchmarking, 240/4, 192.0.0/24, 64:ff9b:1::/48,
 * 100::/64, Teredo 2001::/32, 2001:db8::/32). IPv6 forms that embed an IPv4 address (IPv4-mapped
 * {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
 * 2002::/16}) are judged by the IPv4 address they carry.
 *
 * <p>{@code INKZEE_FETCH_ALLOW_PRIVATE} opens it: {@code true} allows every address (home networks,
 * tests), a comma-separated CIDR list ({@code 127.0.0.0/8,::1/128}) allows only those ranges on top
 * of the strict rules.
 */
public final class AddressPolicy {
  /** IPv4 special-purpose blocks that are never fetched from (IANA IPv4 special registry). */
  private static final List<Cidr> BLOCKED_V4 =
      List.of(
          Cidr.parse("0.0.0.0/8"), // "this network", incl. unspecified 0.0.0.0
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"), // CGNAT shared address space
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"), // link-local, cloud metadata 169.254.169.254
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"), // IETF protocol assignments
          Cidr.parse("192.0.2.0/24"), // TEST-NET-1
          Cidr.parse("192.88.99.0/24"), // 6to4 relay anycast
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"), // benchmarking
          Cidr.parse("198.51.100.0/24"), // TEST-NET-2
          Cidr.parse("203.0.113.0/24"), // TEST-NET-3
          Cidr.parse("224.0.0.0/4"), // multicast
          Cidr.parse("240.0.0.0/4")); // reserved, incl. broadcast 255.255.255.255

  /** IPv6 blocks refused outright; the IPv4-embedding forms are handled separately. */
  private static final List<Cidr> BLOCKED_V6 =
      List.of(
          Cidr.parse("::1/128"),
          Cidr.parse("64:ff9b:1::/48"), // NAT64 local-use
          Cidr.parse("100::/64"), // discard-only
          Cidr.parse("2001::/32"), // Teredo: the client address is obfuscated, refuse it whole
          Cidr.parse("2001:db8::/32"), // documentation
          Cidr.parse("fc00::/7"), // unique-local
          Cidr.parse("fe80::/10"), // link-local
          Cidr.parse("fec0::/10"), // site-local (deprecated)
          Cidr.parse("ff00::/8")); // multicast

  private static final Cidr V4_MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr V4_COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private static final AddressPolicy STRICT = new AddressPolicy(false, List.of());
  private static final AddressPolicy ALLOW_ALL = new AddressPolicy(true, List.of());

  private final boolean allowAll;
  private final List<Cidr> allowed;

  private AddressPolicy(boolean allowAll, List<Cidr> allowed) {
    this.allowAll = allowAll;
    this.allowed = List.copyOf(allowed);
  }

  /** Only globally routable unicast addresses: the production default. */
  public static AddressPolicy strict() {
    return STRICT;
  }

  /** Every address: for home networks and tests. Never the default. */
  public static AddressPolicy allowAll() {
    return ALLOW_ALL;
  }

  /** The strict rules, plus these ranges. */
  public static AddressPolicy allowing(String... cidrs) {
    List<Cidr> ranges = new ArrayList<>();
    for (String c : cidrs) {
      ranges.add(Cidr.parse(c));
    }
    return new AddressPolicy(false, ranges);
  }

  /**
   * Parses {@code INKZEE_FETCH_ALLOW_PRIVATE}: unset, blank or {@code false} is {@link #strict()};
   * {@code true} is {@link #allowAll()}; otherwise a comma-separated list of CIDRs ({@code
   * 127.0.0.0/8,::1/128}; a bare address means that one address).
   *
   * @throws IllegalArgumentException naming the variable and the bad entry
   */
  public static AddressPolicy parse(String value) {
    if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("false")) {
      return STRICT;
    }
    if (value.strip().equalsIgnoreCase("true")) {
      return ALLOW_ALL;
    }
    List<Cidr> ranges = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String entry = part.strip();
      try {
        ranges.add(Cidr.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "INKZEE_FETCH_ALLOW_PRIVATE="
                + value
                + ": '"
                + entry
                + "' is not a CIDR such as 127.0.0.0/8 or ::1/128 ("
                + e.getMessage()
                + "); expected true, false or a comma-separated CIDR list",
            e);
      }
    }
    return new AddressPolicy(false, ranges);
  }

  /** Whether the fetcher may connect to {@code address}. */
  public boolean allows(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (allowAll) {
      return true;
    }
    byte[] bytes = address.getAddress();
    byte[] embedded = embeddedIpv4(address, bytes);
    if (isAllowListed(bytes) || (embedded != null && isAllowListed(embedded))) {
      return true;
    }
    if (address instanceof Inet4Address) {
      return !matchesAny(BLOCKED_V4, bytes);
    }
    if (embedded != null) {
      // ::/96 also holds :: and ::1; both embed 0.0.0.x, which the IPv4 rules refuse.
      return !matchesAny(BLOCKED_V4, embedded);
    }
    return !matchesAny(BLOCKED_V6, bytes);
  }

  /** The IPv4 address an IPv6 address stands for, or null. */
  private static byte[] embeddedIpv4(InetAddress address, byte[] bytes) {
    if (!(address instanceof Inet6Address)) {
      return null;
    }
    if (V4_MAPPED.contains(bytes) || V4_COMPATIBLE.contains(bytes) || NAT64.contains(bytes)) {
      return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
    if (SIX_TO_FOUR.contains(bytes)) {
      return new byte[] {bytes[2], bytes[3], bytes[4], bytes[5]};
    }
    return null;
  }

  private boolean isAllowListed(byte[] bytes) {
    return matchesAny(allowed, bytes);
  }

  private static boolean matchesAny(List<Cidr> ranges, byte[] bytes) {
    for (Cidr c : ranges) {
      if (c.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    if (allowAll) {
      return "allow all";
    }
    return allowed.isEmpty() ? "strict" : "strict, allowing " + allowed;
  }
}
