package com.inkzee.fetcher.fetch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. Parsing never touches DNS: an
 * IPv4 range is read by hand, and an IPv6 one only reaches {@link InetAddress#getByName} after its
 * characters were checked to be a literal (which that method parses without a lookup).
 */
record Cidr(byte[] network, int prefixBits, String text) {

  static Cidr parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty range");
    }
    String s = text.strip();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    byte[] address = parseAddress(host);
    int bits = address.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix length '" + s.substring(slash + 1) + "'");
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException(
            "prefix length " + bits + " outside 0.." + address.length * 8);
      }
    }
    return new Cidr(mask(address, bits), bits, s);
  }

  /** Whether the address (4 or 16 bytes) is in this range; an IPv4 range never holds IPv6. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    return Arrays.equals(mask(address, prefixBits), network);
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & (0xff00 >> keep));
    }
    return out;
  }

  private static byte[] parseAddress(String host) {
    if (host.indexOf(':') >= 0) {
      return parseIpv6(host);
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + host + "' is not an IP address");
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Cidr::digit)) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
      }
      int octet = Integer.parseInt(parts[i]);
      if (octet > 255) {
        throw new IllegalArgumentException("'" + host + "' is not an IPv4 address");
      }
      out[i] = (byte) octet;
    }
    return out;
  }

  private static byte[] parseIpv6(String host) {
    if (!host.chars().allMatch(c -> digit(c) || c == ':' || c == '.' || hexLetter(c))) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
    }
    try {
      InetAddress parsed = InetAddress.getByName(host); // a checked literal: no DNS lookup
      byte[] bytes = parsed.getAddress();
      if (parsed instanceof Inet4Address) {
        // Java turns ::ffff:a.b.c.d into an Inet4Address; keep the IPv6 form that was written.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
      }
      return bytes;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
    }
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hexLetter(int c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr other
        && prefixBits == other.prefixBits
        && Arrays.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixBits;
  }

  @Override
  public String toString() {
    return text;
  }
}
