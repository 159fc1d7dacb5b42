package io.airlock.cli.api;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Client defaults kept in {@code $AIRLOCK_HOME/cli.properties}: the control plane's address, its CA
 * file and the file holding the admin token. {@code airlock quickstart} writes them, so later
 * commands need no options. The file holds paths only, never a token.
 */
public record ClientDefaults(URI server, Path caFile, Path tokenFile) {
  /** Used when neither an option nor {@code cli.properties} names a server. */
  public static final URI DEFAULT_SERVER = URI.create("https://127.0.0.1:8443");

  private static final String SERVER = "server";
  private static final String CA_FILE = "caFile";
  private static final String TOKEN_FILE = "tokenFile";

  /** Reads the defaults of {@code home}, falling back to the standard locations. */
  public static ClientDefaults load(AirlockHome home) {
    Properties properties = read(home.cliProperties());
    URI server =
        Optional.ofNullable(properties.getProperty(SERVER)).map(URI::create).orElse(DEFAULT_SERVER);
    Path caFile =
        Optional.ofNullable(properties.getProperty(CA_FILE)).map(Path::of).orElse(home.caFile());
    Path tokenFile =
        Optional.ofNullable(properties.getProperty(TOKEN_FILE))
            .map(Path::of)
            .orElse(home.adminTokenFile());
    return new ClientDefaults(server, caFile, tokenFile);
  }

  /** Writes these defaults to {@code home}'s {@code cli.properties}. */
  public void save(AirlockHome home) {
    Properties properties = new Properties();
    properties.setProperty(SERVER, server.toString());
    properties.setProperty(CA_FILE, caFile.toString());
    properties.setProperty(TOKEN_FILE, tokenFile.toString());
    Path file = home.cliProperties();
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(file)) {
        properties.store(out, "airlock CLI defaults, written by 'airlock quickstart'");
      }
    } catch (IOException e) {
      throw new CliException("Cannot write " + file + ": " + e.getMessage());
    }
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    if (!Files.isRegularFile(file)) {
      return properties;
    }
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new CliException(
          "Cannot read " + file + ": " + e.getMessage() + "; fix or delete the file");
    }
  }
}
