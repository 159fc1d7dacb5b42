package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.ConnectorSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How the PostgreSQL source replicates: {@code standard} (COPY, with an optional cursor) or {@code
 * cdc} (logical replication). In CDC mode every stream has its own replication slot and
 * publication, named {@code <slot_name>_<schema>_<table>} and {@code
 * <publication_name>_<schema>_<table>}, since streams are read one at a time and each acknowledges
 * the log only up to its own committed state.
 */
record CdcSettings(boolean enabled, String slotPrefix, String publicationPrefix) {
  static final String DEFAULT_PREFIX = "airlock";
  private static final int MAX_NAME = 63;

  static CdcSettings from(ConnectorSettings settings) {
    String method = settings.string("replication_method", "standard");
    if (!method.equals("standard") && !method.equals("cdc")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting 'replication_method' must be 'standard' or 'cdc'");
    }
    return new CdcSettings(
        method.equals("cdc"), prefix(settings, "slot_name"), prefix(settings, "publication_name"));
  }

  String slotName(String schema, String table) {
    return name(slotPrefix, schema, table);
  }

  String publicationName(String schema, String table) {
    return name(publicationPrefix, schema, table);
  }

  private static String prefix(ConnectorSettings settings, String key) {
    String value = settings.string(key, DEFAULT_PREFIX);
    if (!value.matches("[a-z_][a-z0-9_]{0,39}")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector "
              + settings.type()
              + " setting '"
              + key
              + "' must be 1 to 40 lower-case letters, digits or underscores,"
              + " starting with a letter or underscore");
    }
    return value;
  }

  /**
   * {@code prefix_schema_table} in the characters slot names allow; names longer than PostgreSQL's
   * 63 are cut and end with a hash of the full name, so they stay distinct.
   */
  static String name(String prefix, String schema, String table) {
    String full = prefix + "_" + clean(schema) + "_" + clean(table);
    if (full.length() <= MAX_NAME) {
      return full;
    }
    String hash = hash(prefix + "\u0000" + schema + "\u0000" + table);
    return full.substring(0, MAX_NAME - hash.length() - 1) + "_" + hash;
  }

  private static String clean(String identifier) {
    return identifier.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
