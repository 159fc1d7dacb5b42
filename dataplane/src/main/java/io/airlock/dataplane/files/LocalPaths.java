package io.airlock.dataplane.files;

import static java.util.Objects.requireNonNull;

import io.airlock.connectors.spi.ConnectorException;
import io.airlock.protocol.spec.ConnectorSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which files and folders of the data plane's host connectors may use: the settings a connector
 * spec marks {@code "airlock_local_path": true} (a folder of files, a DuckDB file, an executable)
 * must name a place inside one of the folders the data plane was started with ({@code
 * --allow-path}), and never inside its own work folder, which holds its private key. Deny by
 * default: with no folder allowed, no connector may touch the host's files, so a control plane
 * cannot make a data plane read its key or any other local file into a destination.
 *
 * <p>Paths are compared after resolving symbolic links of their existing part, so a link inside an
 * allowed folder cannot lead out of it. Errors name the connector and the setting, not the path.
 */
public final class LocalPaths {
  private static final int MAX_LINKS = 40;

  private final List<Path> allowed;
  private final List<Path> denied;

  private LocalPaths(List<Path> allowed, List<Path> denied) {
    this.allowed = allowed.stream().map(LocalPaths::real).toList();
    this.denied = denied.stream().map(LocalPaths::real).toList();
  }

  /** Connectors may use {@code allowed} folders, except anything inside {@code denied}. */
  public static LocalPaths allowing(List<Path> allowed, List<Path> denied) {
    return new LocalPaths(List.copyOf(allowed), List.copyOf(denied));
  }

  /** Connectors may use {@code allowed} folders. */
  public static LocalPaths allowing(Path... allowed) {
    return allowing(List.of(allowed), List.of());
  }

  /** No local path at all. */
  public static LocalPaths none() {
    return allowing(List.of(), List.of());
  }

  /** The allowed folders, as resolved. */
  public List<Path> allowed() {
    return allowed;
  }

  /**
   * Checks every local-path setting of a {@code type} connector's {@code config}.
   *
   * @throws ConnectorException of kind USER naming the setting that reaches outside
   */
  public void check(String type, Map<String, Object> config) {
    requireNonNull(type, "type is null");
    JsonNode spec = ConnectorSpecs.find(type).orElse(null);
    if (spec == null || config == null) {
      return;
    }
    for (String field : ConnectorSpecs.localPathFields(spec)) {
      Object value = config.get(field);
      if (value instanceof String text && !text.isBlank()) {
        checkOne(type, field, text);
      }
    }
  }

  private void checkOne(String type, String field, String value) {
    Path path = resolve(type, field, value);
    boolean inside = allowed.stream().anyMatch(path::startsWith);
    boolean forbidden = denied.stream().anyMatch(path::startsWith);
    if (inside && !forbidden) {
      return;
    }
    // One message for the work folder and any other refused place, so that errors do not tell
    // where the work folder is.
    String why =
        allowed.isEmpty()
            ? "is a local path, and this data plane allows none; start it with --allow-path"
                + " FOLDER for the folders its connectors may use"
            : "is outside the folders this data plane allows (--allow-path; never its own work"
                + " folder); use a path inside one of them or allow another folder";
    throw new ConnectorException(
        ConnectorException.Kind.USER, "Connector " + type + " setting '" + field + "' " + why);
  }

  private static Path resolve(String type, String field, String value) {
    try {
      return real(Path.of(value));
    } catch (InvalidPathException e) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Connector " + type + " setting '" + field + "' is not a valid path on this host");
    }
  }

  /**
   * The absolute path with every symbolic link resolved, component by component, dangling links
   * included (a link to a file that does not exist yet leads where the file would be created).
   */
  public static Path real(Path path) {
    Path current = path.toAbsolutePath().normalize().getRoot();
    java.util.Deque<Path> pending = new java.util.ArrayDeque<>();
    path.toAbsolutePath().normalize().forEach(pending::add);
    int links = 0;
    while (!pending.isEmpty()) {
      Path next = current.resolve(pending.removeFirst());
      if (Files.isSymbolicLink(next) && links++ < MAX_LINKS) {
        Path target = readLink(next);
        Path resolved = current.resolve(target).normalize();
        List<Path> rest = new java.util.ArrayList<>();
        resolved.forEach(rest::add);
        java.util.Collections.reverse(rest);
        rest.forEach(pending::addFirst);
        current = resolved.getRoot();
        continue;
      }
      current = next.normalize();
    }
    return current;
  }

  private static Path readLink(Path link) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException e) {
      return link;
    }
  }
}
