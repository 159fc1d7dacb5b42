package io.airlock.connectors.external;

import io.airlock.connectors.contract.SourceContract;
import io.airlock.connectors.spi.ConnectorSettings;
import java.util.Map;

/**
 * An Airbyte-protocol source run as a separate process ({@link TestingProtocolSource}) against the
 * same source contract as the built-ins.
 */
class ExternalSourceContractTest extends SourceContract {
  @Override
  protected String type() {
    return "source-external";
  }

  @Override
  protected ConnectorSettings goodSettings() {
    return TestingExternal.protocolSource(Map.of("records", 7), TestingExternal.noSecrets());
  }

  /** A source whose check fails, quoting a secret in its message. */
  @Override
  protected ConnectorSettings badSettings() {
    return TestingExternal.protocolSource(
        Map.of("behaviour", "badcheck"), TestingExternal.noSecrets());
  }

  @Override
  protected String secretInBadSettings() {
    return TestingProtocolSource.SECRET_VALUE;
  }
}
