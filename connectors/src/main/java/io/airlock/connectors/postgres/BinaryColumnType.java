package io.airlock.connectors.postgres;

import io.airlock.connectors.spi.DataType;
import java.util.Arrays;
import java.util.Optional;

/**
 * The PostgreSQL column types that {@link CopyBinaryEncoder} writes, by type OID, with the kinds of
 * values each accepts. A column of any other type (an array, a domain, an enum, a range) makes the
 * whole stream load in COPY text instead.
 */
enum BinaryColumnType {
  BOOL(16, "boolean", DataType.Kind.BOOLEAN),
  INT2(21, "smallint", DataType.Kind.INTEGER),
  INT4(23, "integer", DataType.Kind.INTEGER),
  INT8(20, "bigint", DataType.Kind.INTEGER),
  FLOAT4(700, "real", DataType.Kind.FLOAT),
  FLOAT8(701, "double precision", DataType.Kind.FLOAT),
  NUMERIC(1700, "numeric", DataType.Kind.DECIMAL),
  TEXT(25, "text", DataType.Kind.TEXT),
  VARCHAR(1043, "character varying", DataType.Kind.TEXT),
  BPCHAR(1042, "character", DataType.Kind.TEXT),
  DATE(1082, "date", DataType.Kind.DATE),
  TIME(1083, "time", DataType.Kind.TIME),
  TIMESTAMP(1114, "timestamp", DataType.Kind.TIMESTAMP),
  TIMESTAMPTZ(1184, "timestamptz", DataType.Kind.TIMESTAMPTZ),
  BYTEA(17, "bytea", DataType.Kind.BYTES),
  JSON(114, "json", DataType.Kind.JSON),
  JSONB(3802, "jsonb", DataType.Kind.JSON),
  UUID(2950, "uuid", DataType.Kind.UUID);

  private final long oid;
  private final String sqlName;
  private final DataType.Kind kind;

  BinaryColumnType(long oid, String sqlName, DataType.Kind kind) {
    this.oid = oid;
    this.sqlName = sqlName;
    this.kind = kind;
  }

  String sqlName() {
    return sqlName;
  }

  /** The binary writer for values of {@code kind} bound for a column of type {@code oid}. */
  static Optional<BinaryColumnType> of(long oid, DataType.Kind kind) {
    return Arrays.stream(values()).filter(t -> t.oid == oid && t.kind == kind).findFirst();
  }
}
