package io.airlock.connectors.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlock.connectors.spi.ConnectorException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Which addresses the guard lets through, with names resolved by a hand-written resolver. */
class AddressGuardTest {
  private static AddressGuard guard(boolean loopback, boolean linkLocal, boolean metadata) {
    return new AddressGuard(
        loopback,
        linkLocal,
        metadata,
        host ->
            switch (host) {
              case "api.internal" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
              case "rebound.example" ->
                  new InetAddress[] {
                    InetAddress.getByName("10.1.2.3"), InetAddress.getByName("169.254.169.254")
                  };
              case "v6.example" -> new InetAddress[] {InetAddress.getByName("fd00:ec2::254")};
              default -> InetAddress.getAllByName(host);
            });
  }

  @Test
  void aNameResolvingToAMetadataAddressAmongOthersIsRefused() {
    assertThatThrownBy(
            () -> guard(true, true, false).check(URI.create("http://rebound.example/"), "stream s"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("rebound.example, a cloud metadata address");
  }

  @Test
  void theAwsIpv6MetadataAddressIsRefused() {
    assertThatThrownBy(
            () -> guard(true, true, false).check(URI.create("http://v6.example/"), "stream s"))
        .hasMessageContaining("a cloud metadata address");
    assertThatThrownBy(
            () -> guard(true, true, false).check(URI.create("http://[fd00:ec2::254]/"), "stream s"))
        .hasMessageContaining("a cloud metadata address");
  }

  @Test
  void ipv4MappedLinkLocalIsRefused() {
    assertThatThrownBy(
            () -> guard(true, false, false).check(URI.create("http://[::ffff:169.254.1.1]/"), "s"))
        .hasMessageContaining("a link-local address");
  }

  @Test
  void privateAddressesAreAllowedByDefault() {
    assertThatCode(
            () -> guard(false, false, false).check(URI.create("https://api.internal/v1"), "s"))
        .doesNotThrowAnyException();
  }

  @Test
  void explicitSettingsAllowLinkLocalAndMetadata() {
    assertThatCode(() -> guard(false, true, false).check(URI.create("http://169.254.1.1/"), "s"))
        .doesNotThrowAnyException();
    assertThatCode(() -> guard(false, true, true).check(URI.create("http://169.254.169.254/"), "s"))
        .doesNotThrowAnyException();
  }

  @Test
  void otherSchemesAreRefused() {
    assertThatThrownBy(() -> guard(true, true, true).check(URI.create("file:///etc/passwd"), "s"))
        .hasMessageContaining("a URL with scheme 'file'");
  }
}
