package io.airlock.cli.api;

import io.airlock.cli.AirlockHome;
import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options shared by every command that calls the control plane's API. Unset options fall back to
 * {@code $AIRLOCK_HOME/cli.properties}, then to the standard locations.
 */
public final class ApiOptions {
  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "Control plane address. Default: from $AIRLOCK_HOME/cli.properties, else"
              + " https://127.0.0.1:8443.")
  URI server;

  @Option(
      names = "--ca-file",
      scope = ScopeType.INHERIT,
      paramLabel = "PEM",
      description =
          "The control plane's CA certificate. Default: $AIRLOCK_HOME/controlplane/tls/ca.pem.")
  Path caFile;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "File holding the admin API token. Default: the token itself in the AIRLOCK_TOKEN"
              + " environment variable (not a file name), else the file"
              + " $AIRLOCK_HOME/controlplane/admin-token.")
  Path tokenFile;

  /** A client for the control plane these options (and their defaults) name. */
  public ApiClient client() {
    ClientDefaults defaults = ClientDefaults.load(AirlockHome.current());
    URI target = server != null ? server : defaults.server();
    Path ca = caFile != null ? caFile : defaults.caFile();
    return new ApiClient(target, TrustedCa.sslContext(ca), token(defaults));
  }

  private String token(ClientDefaults defaults) {
    if (tokenFile != null) {
      return readToken(tokenFile);
    }
    String fromEnvironment = System.getenv("AIRLOCK_TOKEN");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    return readToken(defaults.tokenFile());
  }

  /** Reads a token file, with an error that says where to find one. */
  public static String readToken(Path file) {
    try {
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new CliException("The token file " + file + " is empty", ExitCodes.USAGE);
      }
      return token;
    } catch (NoSuchFileException e) {
      throw new CliException(
          "No admin token: "
              + file
              + " does not exist. Pass --token-file, set AIRLOCK_TOKEN, or run 'airlock"
              + " quickstart', which writes it.",
          ExitCodes.USAGE);
    } catch (IOException e) {
      throw new CliException("Cannot read the token file " + file + ": " + e.getMessage());
    }
  }
}
