package io.airlock.controlplane.catalog;

/** Sources and destinations share one shape; this says which one a request is about. */
public enum ConnectorKind {
  SOURCE("sources", "source", "Source"),
  DESTINATION("destinations", "destination", "Destination");

  private final String table;
  private final String specKind;
  private final String noun;

  ConnectorKind(String table, String specKind, String noun) {
    this.table = table;
    this.specKind = specKind;
    this.noun = noun;
  }

  /** The table, which is also the path segment of the API. */
  String table() {
    return table;
  }

  /** The {@code x-airlock-kind} of matching connector specs. */
  String specKind() {
    return specKind;
  }

  String noun() {
    return noun;
  }
}
