package io.airlock.connectors.mysql;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import java.security.SecureRandom;

/**
 * How the MySQL/MariaDB source replicates: {@code standard} (SELECT, with an optional cursor) or
 * {@code cdc} (the binary log, in row format).
 *
 * @param serverId the replica id the binlog reader announces to the server; every reader of one
 *     server needs its own, so without a {@code server_id} setting each read draws one at random
 *     from {@code [100000, 2^31)} (0 means the same)
 */
record BinlogSettings(boolean enabled, Long serverId) {
  private static final long FIRST_RANDOM_ID = 100_000L;
  private static final SecureRandom RANDOM = new SecureRandom();

  static BinlogSettings from(ConnectorSettings settings) {
    String method = settings.string("replication_method", "standard");
    if (!method.equals("standard") && !method.equals("cdc")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting 'replication_method' must be 'standard' or 'cdc'");
    }
    int serverId = settings.integer("server_id", 0);
    if (serverId < 0) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting 'server_id' must be a positive number that no other replica of the"
              + " server uses");
    }
    return new BinlogSettings(method.equals("cdc"), serverId == 0 ? null : (long) serverId);
  }

  /** The replica id of one read. */
  long serverIdForRead() {
    if (serverId != null) {
      return serverId;
    }
    return FIRST_RANDOM_ID + RANDOM.nextLong(Integer.MAX_VALUE - FIRST_RANDOM_ID);
  }
}
