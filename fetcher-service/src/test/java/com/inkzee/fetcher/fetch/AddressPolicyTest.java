package com.inkzee.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal); // literals only
  }

  @Nested
  class Strict {
    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(
        strings = {
          "0.0.0.0",
          "0.1.2.3",
          "10.0.0.1",
          "10.255.255.255",
          "100.64.0.1",
          "100.127.255.254",
          "127.0.0.1",
          "127.255.0.1",
          "169.254.0.1",
          "169.254.169.254",
          "172.16.0.1",
          "172.31.255.255",
          "192.0.0.8",
          "192.0.2.1",
          "192.168.0.1",
          "198.18.0.1",
          "198.51.100.1",
          "203.0.113.7",
          "224.0.0.1",
          "239.255.255.250",
          "240.0.0.1",
          "255.255.255.255",
          "::",
          "::1",
          "fe80::1",
          "febf::1",
          "fc00::1",
          "fdff::1",
          "fec0::1",
          "ff02::1",
          "::ffff:10.0.0.1",
          "::ffff:127.0.0.1",
          "::10.0.0.1",
          "64:ff9b::7f00:1",
          "64:ff9b:1::1",
          "2002:7f00:1::1",
          "2001:db8::1",
          "2001:0:4136:e378::1",
          "100::1"
        })
    void refuses(String literal) throws Exception {
      assertThat(AddressPolicy.strict().allows(ip(literal))).isFalse();
    }

    @ParameterizedTest(name = "allows {0}")
    @ValueSource(
        strings = {
          "1.1.1.1",
          "8.8.8.8",
          "93.184.216.34",
          "100.63.255.255",
          "100.128.0.1",
          "172.15.255.255",
          "172.32.0.1",
          "192.169.0.1",
          "2606:4700:4700::1111",
          "2a00:1450:4001::200e",
          "::ffff:8.8.8.8",
          "64:ff9b::808:808",
          "2002:808:808::1"
        })
    void allowsGlobalUnicast(String literal) throws Exception {
      assertThat(AddressPolicy.strict().allows(ip(literal))).isTrue();
    }
  }

  @Nested
  class Parse {
    @Test
    void unsetBlankAndFalseAreStrict() throws Exception {
      for (String value : new String[] {null, "", "  ", "false", "FALSE"}) {
        assertThat(AddressPolicy.parse(value).allows(ip("127.0.0.1"))).isFalse();
      }
    }

    @Test
    void trueAllowsEverything() throws Exception {
      AddressPolicy all = AddressPolicy.parse("true");
      assertThat(all.allows(ip("127.0.0.1"))).isTrue();
      assertThat(all.allows(ip("169.254.169.254"))).isTrue();
    }

    @Test
    void aCidrListOpensOnlyThoseRanges() throws Exception {
      AddressPolicy p = AddressPolicy.parse("127.0.0.0/8, ::1/128,192.168.10.5");
      assertThat(p.allows(ip("127.3.4.5"))).isTrue();
      assertThat(p.allows(ip("::1"))).isTrue();
      assertThat(p.allows(ip("192.168.10.5"))).isTrue();
      assertThat(p.allows(ip("192.168.10.6"))).isFalse();
      assertThat(p.allows(ip("10.0.0.1"))).isFalse();
      assertThat(p.allows(ip("8.8.8.8"))).isTrue();
      // The mapped form of an allowed IPv4 address is the same host.
      assertThat(p.allows(ip("::ffff:127.0.0.1"))).isTrue();
    }

    @Test
    void aBadEntryNamesTheVariableAndTheEntry() {
      assertThatThrownBy(() -> AddressPolicy.parse("127.0.0.0/8,localhost"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("INKZEE_FETCH_ALLOW_PRIVATE=127.0.0.0/8,localhost")
          .hasMessageContaining("'localhost'");
      assertThatThrownBy(() -> AddressPolicy.parse("10.0.0.0/33"))
          .hasMessageContaining("prefix length 33 outside 0..32");
      assertThatThrownBy(() -> AddressPolicy.parse("300.1.1.1/8"))
          .hasMessageContaining("'300.1.1.1'");
      assertThatThrownBy(() -> AddressPolicy.parse("127.0.0.0/8,"))
          .hasMessageContaining("INKZEE_FETCH_ALLOW_PRIVATE");
    }
  }
}
