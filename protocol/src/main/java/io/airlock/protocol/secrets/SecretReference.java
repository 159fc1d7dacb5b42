package io.airlock.protocol.secrets;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A pointer to a secret held in the customer's vault, never the secret itself. Both planes use
 * this: the control plane to reject literal values, the data plane to pick a resolver.
 *
 * <p>Supported schemes: {@code env://NAME}, {@code file:///absolute/path}. Recognised and refused
 * by the data plane until their resolvers land: {@code vault://}, {@code aws-sm://}, {@code
 * azure-kv://}, {@code gcp-sm://}.
 */
public record SecretReference(String scheme, String location) {
  public static final List<String> SCHEMES =
      List.of("env", "file", "vault", "aws-sm", "azure-kv", "gcp-sm");

  public SecretReference {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(location, "location is null");
  }

  /** Whether {@code value} has the shape of a secret reference. */
  public static boolean isReference(String value) {
    if (value == null) {
      return false;
    }
    int sep = value.indexOf("://");
    if (sep <= 0 || sep + 3 >= value.length()) {
      return false;
    }
    return SCHEMES.contains(value.substring(0, sep).toLowerCase(Locale.ROOT));
  }

  /** Parses a reference, or throws {@link IllegalArgumentException} naming the valid schemes. */
  public static SecretReference parse(String value) {
    if (!isReference(value)) {
      throw new IllegalArgumentException(
          "Invalid secret reference: expected one of "
              + String.join(", ", SCHEMES.stream().map(s -> s + "://…").toList())
              + "; literal secret values are not accepted");
    }
    int sep = value.indexOf("://");
    return new SecretReference(
        value.substring(0, sep).toLowerCase(Locale.ROOT), value.substring(sep + 3));
  }

  @Override
  public String toString() {
    return scheme + "://" + location;
  }
}
