package io.airlock.connectors.spi;

/**
 * Values that numbers and instants can hold beyond ordinary ones. They travel as themselves and are
 * never replaced by a sentinel such as year 292269055 or zero.
 */
public enum SpecialValue {
  POSITIVE_INFINITY,
  NEGATIVE_INFINITY,
  NAN
}
