package io.airlock.cli.resources;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.protocol.job.SyncMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code --stream NAME[:MODE[:CURSOR]]} of {@code airlock connections create}. MODE is a {@link
 * SyncMode} name, case-insensitive, or a short form: {@code overwrite}, {@code append}, {@code
 * incremental} or {@code dedup}. CURSOR is the column incremental modes follow.
 *
 * @param cursorField null when not given
 */
public record StreamSelection(String name, SyncMode syncMode, String cursorField) {
  private static final Map<String, SyncMode> SHORT_FORMS =
      Map.of(
          "overwrite", SyncMode.FULL_REFRESH_OVERWRITE,
          "append", SyncMode.FULL_REFRESH_APPEND,
          "incremental", SyncMode.INCREMENTAL_APPEND,
          "dedup", SyncMode.INCREMENTAL_APPEND_DEDUP);

  /** Parses {@code NAME[:MODE[:CURSOR]]}; the mode defaults to full-refresh overwrite. */
  public static StreamSelection parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length > 3) {
      throw invalid(text);
    }
    String name = requireName(parts[0], text);
    SyncMode mode = parts.length > 1 ? mode(parts[1], text) : SyncMode.FULL_REFRESH_OVERWRITE;
    String cursor = parts.length > 2 ? parts[2].strip() : null;
    if (cursor != null && cursor.isEmpty()) {
      throw invalid(text);
    }
    boolean incremental =
        mode == SyncMode.INCREMENTAL_APPEND || mode == SyncMode.INCREMENTAL_APPEND_DEDUP;
    if (incremental && cursor == null) {
      throw new CliException(
          "Invalid --stream '"
              + text
              + "': "
              + mode
              + " needs a cursor column, e.g. public.orders:dedup:updated_at",
          ExitCodes.USAGE);
    }
    if (!incremental && cursor != null) {
      throw new CliException(
          "Invalid --stream '" + text + "': a cursor column applies to incremental modes only",
          ExitCodes.USAGE);
    }
    return new StreamSelection(name, mode, cursor);
  }

  /** The stream as the API expects it. */
  public Map<String, Object> toJson() {
    Map<String, Object> stream = new LinkedHashMap<>();
    stream.put("name", name);
    stream.put("syncMode", syncMode.name());
    if (cursorField != null) {
      stream.put("cursorField", cursorField);
    }
    return stream;
  }

  private static CliException invalid(String text) {
    return new CliException(
        "Invalid --stream '"
            + text
            + "': expected NAME[:MODE[:CURSOR]], e.g. public.patients:overwrite or"
            + " public.orders:dedup:updated_at",
        ExitCodes.USAGE);
  }

  private static String requireName(String name, String text) {
    if (name.isBlank()) {
      throw invalid(text);
    }
    return name;
  }

  private static SyncMode mode(String mode, String text) {
    String key = mode.toLowerCase(Locale.ROOT);
    if (SHORT_FORMS.containsKey(key)) {
      return SHORT_FORMS.get(key);
    }
    try {
      return SyncMode.valueOf(mode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      String valid =
          Arrays.stream(SyncMode.values()).map(Enum::name).collect(Collectors.joining(", "));
      throw new CliException(
          "Invalid sync mode in --stream '"
              + text
              + "': expected overwrite, append, incremental, dedup, or one of "
              + valid,
          ExitCodes.USAGE);
    }
  }
}
