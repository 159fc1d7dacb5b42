package io.airlock.connectors.mysql;

import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import io.airlock.connectors.cdc.ChangeColumns;
import io.airlock.connectors.mysql.BinlogTable.TableColumn;
import io.airlock.connectors.mysql.MySqlCatalog.CatalogColumn;
import io.airlock.connectors.mysql.MySqlCatalog.Read;
import io.airlock.connectors.spi.Column;
import io.airlock.connectors.spi.ConnectorException;
import io.airlock.connectors.spi.JsonValue;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the values of a row event into the Java classes of the stream's columns, by the rules of
 * the standard read ({@link MySqlValues}): temporal values become the server's text forms ({@link
 * BinlogTemporalText}) and go through the same parsers, so zero dates and {@code TIME} outside a
 * day are NULL here too, counted per column.
 */
final class BinlogValues {
  private static final Logger log = LoggerFactory.getLogger(BinlogValues.class);
  private static final int MYSQL_TYPE_JSON = 245;

  private final String table;
  private final List<Column> columns;
  private final Read[] reads;
  private final TableColumn[] tableColumns;
  private final int[] positions;
  private final long[] noCounterpart;

  /**
   * @param columns the stream's columns, the change columns among them
   * @param selected the stream's table columns as discovered, in the stream's order
   */
  BinlogValues(
      String table, List<Column> columns, List<CatalogColumn> selected, BinlogTable layout) {
    this.table = table;
    this.columns = columns;
    this.reads = new Read[columns.size()];
    this.tableColumns = new TableColumn[columns.size()];
    this.positions = new int[columns.size()];
    this.noCounterpart = new long[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      positions[i] = -1;
      for (CatalogColumn column : selected) {
        if (column.column().name().equals(name)) {
          refuseUndecoded(table, column);
          reads[i] = column.read();
          positions[i] = layout.indexOf(name);
          tableColumns[i] = layout.columns().get(positions[i]);
        }
      }
    }
  }

  /** MariaDB's UUID has a log form the binlog decoder does not read yet. */
  private static void refuseUndecoded(String table, CatalogColumn column) {
    if (column.read() == Read.UUID && column.column().sourceType().startsWith("uuid")) {
      throw new ConnectorException(
          ConnectorException.Kind.USER,
          "Column "
              + column.column().name()
              + " of table "
              + table
              + " is a MariaDB UUID, which change capture cannot read from the binary log yet"
              + " (issue #3); leave the column out of the stream, or read it with"
              + " replication_method standard");
    }
  }

  /**
   * The stream's row for one row image of a change.
   *
   * @param image the table's values by position
   * @param types the column types of the event's table map, by position
   */
  Object[] row(Serializable[] image, byte[] types, long position, boolean deleted) {
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      String name = columns.get(i).name();
      if (name.equals(ChangeColumns.LSN)) {
        row[i] = position;
      } else if (name.equals(ChangeColumns.DELETED)) {
        row[i] = deleted;
      } else {
        Object value = convert(i, image[positions[i]], types[positions[i]] & 0xFF);
        if (value == MySqlValues.NO_COUNTERPART) {
          noCounterpart[i]++;
          value = null;
        }
        row[i] = MySqlValues.padded(value, columns.get(i).type());
      }
    }
    return row;
  }

  private Object convert(int index, Object value, int type) {
    if (value == null) {
      return null;
    }
    try {
      return convert(reads[index], tableColumns[index], value, type);
    } catch (RuntimeException | IOException e) {
      // The exception's message may quote the value, so only its class is kept.
      Column column = columns.get(index);
      throw new ConnectorException(
          ConnectorException.Kind.INTERNAL,
          "Cannot read a change of column "
              + column.name()
              + " of table "
              + table
              + " ("
              + column.sourceType()
              + ", a "
              + value.getClass().getSimpleName()
              + " in the log: "
              + e.getClass().getSimpleName()
              + "); report it with the column's type");
    }
  }

  private static Object convert(Read read, TableColumn column, Object value, int type)
      throws IOException {
    return switch (read) {
      case INTEGER ->
          value instanceof java.time.Year year
              ? (long) year.getValue()
              : integer(column, ((Number) value).longValue());
      case UNSIGNED_BIGINT -> new BigDecimal(Long.toUnsignedString(((Number) value).longValue()));
      case DECIMAL -> (BigDecimal) value;
      case FLOAT, DOUBLE -> ((Number) value).doubleValue();
      case TEXT -> text(column, value);
      case JSON -> json(value, type);
      case UUID -> java.util.UUID.fromString(text(column, value));
      case BYTES -> bytes(column, value);
      case BIT_BOOLEAN -> !((BitSet) value).isEmpty();
      case DATE -> MySqlValues.date(BinlogTemporalText.text(read, value));
      case DATETIME -> MySqlValues.dateTime(BinlogTemporalText.text(read, value));
      case TIMESTAMP -> MySqlValues.timestamp(BinlogTemporalText.text(read, value));
      case TIME -> MySqlValues.time(BinlogTemporalText.text(read, value));
    };
  }

  /** The log holds unsigned integers in the signed type of their width. */
  private static long integer(TableColumn column, long value) {
    if (!column.unsigned() || value >= 0) {
      return value;
    }
    return switch (column.dataType()) {
      case "tinyint" -> value & 0xFFL;
      case "smallint" -> value & 0xFFFFL;
      case "mediumint" -> value & 0xFFFFFFL;
      default -> value & 0xFFFFFFFFL;
    };
  }

  /** Text as its bytes in the column's character set; ENUM and SET as their member numbers. */
  private static String text(TableColumn column, Object value) {
    return switch (value) {
      case byte[] bytes -> new String(bytes, column.charset());
      case String text -> text;
      case Number number when column.dataType().equals("enum") -> enumMember(column, number);
      case Number number when column.dataType().equals("set") -> setMembers(column, number);
      default -> value.toString();
    };
  }

  private static String enumMember(TableColumn column, Number number) {
    int index = number.intValue();
    // 0 is the empty string a non-strict server stores for a value outside the list.
    return index == 0 ? "" : column.members().get(index - 1);
  }

  private static String setMembers(TableColumn column, Number number) {
    long bits = number.longValue();
    StringJoiner joined = new StringJoiner(",");
    for (int i = 0; i < column.members().size(); i++) {
      if ((bits & (1L << i)) != 0) {
        joined.add(column.members().get(i));
      }
    }
    return joined.toString();
  }

  /** MySQL's JSON type is a binary form in the log; MariaDB's JSON is text. */
  private static JsonValue json(Object value, int type) throws IOException {
    byte[] bytes = (byte[]) value;
    if (type == MYSQL_TYPE_JSON) {
      return new JsonValue(JsonBinary.parseAsString(bytes));
    }
    return new JsonValue(new String(bytes, StandardCharsets.UTF_8));
  }

  private static byte[] bytes(TableColumn column, Object value) {
    if (value instanceof BitSet bits) {
      return bitBytes(bits, column.width());
    }
    byte[] bytes = (byte[]) value;
    if (column.dataType().equals("binary") && bytes.length < column.width()) {
      // The log drops the zero bytes BINARY(n) is padded with; the table holds n bytes.
      return Arrays.copyOf(bytes, column.width());
    }
    return bytes;
  }

  /** A {@code BIT(n)} value as the standard read gets it: big-endian, (n + 7) / 8 bytes. */
  private static byte[] bitBytes(BitSet bits, int width) {
    byte[] out = new byte[(width + 7) / 8];
    for (int i = 0; i < width; i++) {
      if (bits.get(i)) {
        out[out.length - 1 - i / 8] |= (byte) (1 << (i % 8));
      }
    }
    return out;
  }

  void logNoCounterpart() {
    for (int i = 0; i < noCounterpart.length; i++) {
      if (noCounterpart[i] > 0) {
        log.info(
            "Read {} values of column {} of table {} ({}) as NULL: zero or invalid dates, or"
                + " times outside 00:00:00 to 24:00:00, have no counterpart"
                + " (docs/type-mapping.md)",
            noCounterpart[i],
            columns.get(i).name(),
            table,
            columns.get(i).sourceType());
      }
    }
  }
}
