package io.airlock.connectors.postgres;

/**
 * Turns the text of one field (already unescaped from the COPY format) into a value of the Java
 * class its {@link io.airlock.connectors.spi.DataType} names. Instances keep scratch state and
 * serve one thread.
 */
@FunctionalInterface
interface FieldDecoder {
  /**
   * @throws IllegalArgumentException when the text is not a valid value of the type; the message
   *     must not contain the text
   */
  Object decode(byte[] bytes, int offset, int length);
}
