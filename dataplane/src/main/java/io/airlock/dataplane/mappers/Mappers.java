package io.airlock.dataplane.mappers;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.DataType;
import io.airlock.connectors.spi.Secret;
import io.airlock.connectors.spi.SecretResolver;
import io.airlock.connectors.spi.StreamDescriptor;
import io.airlock.protocol.job.MapperConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mappers of one job. Building them checks every mapper against the selected streams and
 * resolves the keys; {@link #forStream} then gives the mapping of one stream.
 *
 * <p>Only type {@code hash} exists for now: each named column becomes the lower-case hex
 * HMAC-SHA-256 of its value (see {@link CanonicalText}), of type TEXT; NULL stays NULL.
 */
public final class Mappers {
  public static final String HASH = "hash";

  private final List<Configured> mappers;

  private Mappers(List<Configured> mappers) {
    this.mappers = mappers;
  }

  /**
   * Validates {@code configs} against {@code streams} and resolves their keys.
   *
   * @throws ConnectorException of kind USER naming the stream and column that is wrong
   */
  public static Mappers build(
      List<MapperConfig> configs, List<StreamDescriptor> streams, SecretResolver secrets) {
    requireNonNull(configs, "configs is null");
    requireNonNull(streams, "streams is null");
    requireNonNull(secrets, "secrets is null");
    List<Configured> mappers = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      MapperConfig config = configs.get(i);
      validate(i, config, streams);
      byte[] key = key(i, config, secrets);
      try {
        mappers.add(new Configured(config, new HmacHasher(key)));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return new Mappers(mappers);
  }

  /** No mappers. */
  public static Mappers none() {
    return new Mappers(List.of());
  }

  /** The mapping of {@code stream}: which columns are hashed, and the output descriptor. */
  public StreamMapping forStream(StreamDescriptor stream) {
    List<Column> columns = new ArrayList<>(stream.columns());
    HmacHasher[] hashers = new HmacHasher[columns.size()];
    for (Configured mapper : mappers) {
      if (!mapper.appliesTo(stream)) {
        continue;
      }
      for (String name : mapper.config.columns()) {
        int index = indexOf(stream, name);
        if (index >= 0) {
          hashers[index] = mapper.hasher;
          columns.set(index, columns.get(index).withType(DataType.TEXT));
        }
      }
    }
    return new StreamMapping(stream.withColumns(columns), hashers);
  }

  private static void validate(int index, MapperConfig config, List<StreamDescriptor> streams) {
    String where = "Mapper " + index + " (" + config.type() + ")";
    if (!HASH.equals(config.type())) {
      throw user(where + " has an unknown type; supported: " + HASH);
    }
    if (config.columns().isEmpty()) {
      throw user(where + " names no columns; list the columns to hash");
    }
    List<StreamDescriptor> targets =
        streams.stream()
            .filter(s -> config.stream() == null || s.isNamed(config.stream()))
            .toList();
    if (config.stream() != null && targets.isEmpty()) {
      throw user(
          where + " names stream '" + config.stream() + "', which this sync does not select");
    }
    for (String column : config.columns()) {
      validateColumn(where, config, targets, column);
    }
  }

  private static void validateColumn(
      String where, MapperConfig config, List<StreamDescriptor> targets, String column) {
    boolean found = false;
    for (StreamDescriptor stream : targets) {
      int columnIndex = indexOf(stream, column);
      if (columnIndex < 0) {
        if (config.stream() != null) {
          throw user(
              where
                  + " names column '"
                  + column
                  + "', which stream '"
                  + stream.name()
                  + "' does not have (its selected columns: "
                  + names(stream)
                  + ")");
        }
        continue;
      }
      found = true;
      if (stream.columns().get(columnIndex).type().kind() == DataType.Kind.ARRAY) {
        throw user(
            where
                + " cannot hash column '"
                + column
                + "' of stream '"
                + stream.name()
                + "': ARRAY columns cannot be hashed; hash a scalar column");
      }
    }
    if (!found) {
      throw user(where + " names column '" + column + "', which no selected stream has");
    }
  }

  private static byte[] key(int index, MapperConfig config, SecretResolver secrets) {
    if (config.keyRef() == null || config.keyRef().isBlank()) {
      throw user("Mapper " + index + " (hash) has no keyRef; give a secret reference for its key");
    }
    try (Secret key = secrets.resolveFor("Mapper " + index + " (hash) keyRef", config.keyRef())) {
      return key.revealBytes();
    }
  }

  private static int indexOf(StreamDescriptor stream, String column) {
    List<Column> columns = stream.columns();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  private static Set<String> names(StreamDescriptor stream) {
    Set<String> names = new TreeSet<>();
    stream.columns().forEach(c -> names.add(c.name()));
    return names;
  }

  private static ConnectorException user(String message) {
    return new ConnectorException(ConnectorException.Kind.USER, message);
  }

  private record Configured(MapperConfig config, HmacHasher hasher) {
    boolean appliesTo(StreamDescriptor stream) {
      return config.stream() == null || stream.isNamed(config.stream());
    }

    @Override
    public String toString() {
      return "Mapper[" + config.type() + " " + config.columns() + "]";
    }
  }
}
