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
 * One {@code --stream NAME[:MODE]} of {@code airlock connections create}. MODE is a {@link
 * SyncMode} name, case-insensitive, or the short forms {@code overwrite} and {@code append}.
 */
public record StreamSelection(String name, SyncMode syncMode) {
  private static final Map<String, SyncMode> SHORT_FORMS =
      Map.of("overwrite", SyncMode.FULL_REFRESH_OVERWRITE, "append", SyncMode.FULL_REFRESH_APPEND);

  /** Parses {@code NAME[:MODE]}; the mode defaults to full-refresh overwrite. */
  public static StreamSelection parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new StreamSelection(requireName(text, text), SyncMode.FULL_REFRESH_OVERWRITE);
    }
    String name = requireName(text.substring(0, colon), text);
    return new StreamSelection(name, mode(text.substring(colon + 1), text));
  }

  /** The stream as the API expects it. */
  public Map<String, Object> toJson() {
    Map<String, Object> stream = new LinkedHashMap<>();
    stream.put("name", name);
    stream.put("syncMode", syncMode.name());
    return stream;
  }

  private static String requireName(String name, String text) {
    if (name.isBlank()) {
      throw new CliException(
          "Invalid --stream '" + text + "': expected NAME[:MODE], e.g. public.patients:overwrite",
          ExitCodes.USAGE);
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
              + "': expected overwrite, append, or one of "
              + valid,
          ExitCodes.USAGE);
    }
  }
}
