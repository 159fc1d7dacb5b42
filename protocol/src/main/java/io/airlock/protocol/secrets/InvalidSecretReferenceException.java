package io.airlock.protocol.secrets;

/**
 * A text is not a valid secret reference. The message states the broken rule and never contains the
 * text, which may be a secret pasted by mistake; callers prefix the field that held it.
 */
public final class InvalidSecretReferenceException extends IllegalArgumentException {
  InvalidSecretReferenceException(String message) {
    super(message);
  }
}
