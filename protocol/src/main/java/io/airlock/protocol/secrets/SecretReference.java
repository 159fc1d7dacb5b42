package io.airlock.protocol.secrets;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pointer to a secret held where the data plane runs, never the secret itself. Both planes parse
 * references here, with the same rules: the control plane to refuse a malformed or literal value
 * with 422 before it is stored, the data plane before it resolves one.
 *
 * <p>The accepted forms, exactly (scheme in lower case, nothing else before {@code ://}):
 *
 * <ul>
 *   <li>{@code env://NAME}: the data plane's environment variable {@code NAME}, which matches
 *       {@code [A-Za-z_][A-Za-z0-9_]*}.
 *   <li>{@code file:///absolute/path}: the content of a file on the data plane's host. The path
 *       starts with {@code /}, names a file (does not end with {@code /}), has no empty, {@code .}
 *       or {@code ..} segment, and no NUL or other control character. It is taken literally: no
 *       percent-decoding, no host part.
 * </ul>
 *
 * <p>{@code vault://}, {@code aws-sm://}, {@code azure-kv://} and {@code gcp-sm://} are recognised
 * only to say that they are not supported yet.
 *
 * <p>Messages of {@link InvalidSecretReferenceException} never contain the rejected text, since it
 * may be a secret pasted by mistake. Callers add the name of the field that held it.
 */
public record SecretReference(String scheme, String location) {
  /** The scheme of environment variable references. */
  public static final String ENV = "env";

  /** The scheme of file references. */
  public static final String FILE = "file";

  /** The schemes a data plane resolves. */
  public static final List<String> SCHEMES = List.of(ENV, FILE);

  /** Schemes of secret managers whose resolvers come later; refused with a clear message. */
  public static final List<String> PLANNED_SCHEMES =
      List.of("vault", "aws-sm", "azure-kv", "gcp-sm");

  private static final String SEPARATOR = "://";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String EXAMPLES = "env://PG_PASSWORD or file:///run/secrets/pg_password";

  /** Use {@link #parse}; the components are validated as a parsed reference's are. */
  public SecretReference {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(location, "location is null");
    String problem =
        switch (scheme) {
          case ENV -> envProblem(location);
          case FILE -> fileProblem(location);
          default -> schemeProblem(scheme);
        };
    if (problem != null) {
      throw new InvalidSecretReferenceException(problem);
    }
  }

  /**
   * Parses {@code value}.
   *
   * @throws InvalidSecretReferenceException naming the broken rule, never echoing {@code value}
   */
  public static SecretReference parse(String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidSecretReferenceException(
          "Is empty; give a secret reference such as " + EXAMPLES);
    }
    int separator = value.indexOf(SEPARATOR);
    if (separator < 0) {
      throw new InvalidSecretReferenceException(
          "Holds no secret reference, so it may be a literal value; literal secret values are not"
              + " accepted. Give a secret reference such as "
              + EXAMPLES);
    }
    return new SecretReference(
        value.substring(0, separator), value.substring(separator + SEPARATOR.length()));
  }

  /** Why {@code value} is not a valid reference, or empty when it is one. */
  public static Optional<String> problem(String value) {
    try {
      parse(value);
      return Optional.empty();
    } catch (InvalidSecretReferenceException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Whether {@code value} is a valid secret reference. */
  public static boolean isReference(String value) {
    return problem(value).isEmpty();
  }

  /**
   * The environment variable name of an {@code env://} reference; it passed validation, so it is a
   * name and may appear in messages.
   */
  public String envName() {
    if (!ENV.equals(scheme)) {
      throw new IllegalStateException("Not an env:// reference");
    }
    return location;
  }

  /**
   * Shows the scheme and, for {@code env://}, the validated variable name; a file path is left out
   * because it is the reference's value and messages must not carry it.
   */
  @Override
  public String toString() {
    return ENV.equals(scheme) ? ENV + SEPARATOR + location : scheme + SEPARATOR + "…";
  }

  private static String schemeProblem(String scheme) {
    if (SCHEMES.contains(scheme.strip().toLowerCase(Locale.ROOT))) {
      return "Has a malformed scheme; write it in lower case with nothing around it, as in "
          + EXAMPLES;
    }
    if (PLANNED_SCHEMES.contains(scheme)) {
      // Issue #2 ships env:// and file:// only; secret-manager resolvers come in a later issue.
      return "Uses "
          + scheme
          + SEPARATOR
          + ", which is not supported yet: its resolver lands in a later issue; use env:// or"
          + " file:// for now";
    }
    return "Has an unknown scheme; the supported schemes are env:// and file://, as in " + EXAMPLES;
  }

  private static String envProblem(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      return "Is not a valid env:// reference: the variable name must be letters, digits and _,"
          + " not starting with a digit, as in env://PG_PASSWORD";
    }
    return null;
  }

  private static String fileProblem(String path) {
    if (!path.startsWith("/")) {
      return "Is not a valid file:// reference: give an absolute path after file://, as in"
          + " file:///run/secrets/pg_password (three slashes)";
    }
    if (path.chars().anyMatch(Character::isISOControl)) {
      return "Is not a valid file:// reference: the path must not contain NUL or other control"
          + " characters";
    }
    if (path.endsWith("/")) {
      return "Is not a valid file:// reference: the path must name a file, not end with /";
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "Is not a valid file:// reference: the path must not contain empty, . or .."
            + " segments; give the file's plain absolute path";
      }
    }
    return null;
  }
}
