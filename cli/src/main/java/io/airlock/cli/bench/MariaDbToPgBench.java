package io.airlock.cli.bench;

import io.airlock.cli.CliException;
import io.airlock.cli.ExitCodes;
import io.airlock.cli.quickstart.CustomerDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock bench mariadb-to-pg}: an Airlock sync of a MariaDB table into the benchmark
 * PostgreSQL against {@code mariadb --batch --quick … | psql -c '\copy … from stdin'} into a twin
 * of the table Airlock created. The MariaDB server is started by {@code bench/mariadb-to-pg.sh} on
 * loopback; its password is in {@value #PASSWORD_VARIABLE}.
 */
@Command(
    name = "mariadb-to-pg",
    mixinStandardHelpOptions = true,
    description = "Compare an Airlock MariaDB-to-PostgreSQL sync with a mariadb | psql pipe.")
public final class MariaDbToPgBench implements Callable<Integer> {
  static final String PASSWORD_VARIABLE = "AIRLOCK_BENCH_MARIADB_PASSWORD";
  private static final String DATABASE = "bench";
  private static final String TABLE = "bench_patients";
  private static final String TWIN = "bench_patients_pipe";

  @Spec CommandSpec spec;

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows (default: 1000000).")
  long rows;

  @Option(names = "--mariadb-port", required = true, description = "Port of the MariaDB server.")
  int port;

  @Option(names = "--mariadb-user", defaultValue = "bench", description = "MariaDB user.")
  String user;

  @Override
  public Integer call() throws Exception {
    String password = System.getenv(PASSWORD_VARIABLE);
    if (password == null) {
      throw new CliException(
          "Set "
              + PASSWORD_VARIABLE
              + " to the MariaDB user's password (bench/mariadb-to-pg.sh"
              + " does)");
    }
    try (BenchPlanes planes = new BenchPlanes(spec.commandLine().getOut())) {
      planes.startServers();
      planes.shell(
          "generate_mariadb", mariadb("-e \"" + fillSql() + "\""), Map.of("MYSQL_PWD", password));
      planes.startDataPlane(Map.of(PASSWORD_VARIABLE, password), List.of());
      String sourceId = planes.endpoint("/sources", "source-mysql", sourceConfig());
      String destinationId =
          planes.endpoint("/destinations", "destination-postgres", planes.warehouseConfig());
      String connectionId =
          planes.connection("mariadb", sourceId, destinationId, DATABASE + "." + TABLE, List.of());
      String warehouse = CustomerDatabase.WAREHOUSE_DATABASE;
      planes.airlockAgainstReference(
          label -> {
            double seconds = planes.sync(connectionId, label, rows);
            planes.requireRows(label, warehouse, "public." + TABLE, rows);
            return seconds;
          },
          label -> {
            planes.createTwin(TWIN, TABLE);
            double seconds =
                planes.shell(
                    label,
                    mariadb("--batch --quick --skip-column-names -e 'select * from " + TABLE + "'")
                        + " | "
                        + planes.psql(
                            warehouse, "\\copy public." + TWIN + " from stdin with (null 'NULL')"),
                    Map.of("MYSQL_PWD", password));
            planes.requireRows(label, warehouse, "public." + TWIN, rows);
            return seconds;
          });
    }
    return ExitCodes.OK;
  }

  private String mariadb(String arguments) {
    return "mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "
        + port
        + " -u "
        + user
        + " "
        + DATABASE
        + " "
        + arguments;
  }

  private Map<String, Object> sourceConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("host", "127.0.0.1");
    config.put("port", port);
    config.put("database", DATABASE);
    config.put("username", user);
    config.put("password", "env://" + PASSWORD_VARIABLE);
    config.put("sslMode", "disable");
    return config;
  }

  /** The MariaDB twin of {@link BenchSql#fill}: the same fifteen columns and values. */
  private String fillSql() {
    return ("drop table if exists TABLE; create table TABLE (id bigint primary key,"
            + " mrn varchar(20) not null, first_name varchar(20), last_name varchar(40),"
            + " ssn varchar(20), email varchar(60), phone varchar(20), birth_date date,"
            + " gender varchar(1), city varchar(20), zip varchar(5), balance decimal(12,2),"
            + " weight_kg decimal(6,2), registered_at datetime(6), attributes json);"
            + " insert into TABLE select seq, concat('MRN', lpad(seq, 9, '0')),"
            + " elt(1 + seq % 10, 'Ana','Ben','Chloe','David','Emma','Farid','Grace','Hugo',"
            + "'Ines','Jon'),"
            + " concat(elt(1 + seq % 9, 'Smith','Garcia','Muller','Rossi','Dubois','Silva',"
            + "'Nowak','Kim','Ito'), '-', seq % 997),"
            + " concat(lpad(seq % 900, 3, '0'), '-', lpad(seq % 97, 2, '0'), '-',"
            + " lpad(seq % 9973, 4, '0')),"
            + " concat('patient', seq, '@example.org'),"
            + " concat('+1-555-', lpad(seq % 10000000, 7, '0')),"
            + " date_add('1930-01-01', interval seq % 32000 day),"
            + " elt(1 + seq % 3, 'F', 'M', 'X'),"
            + " elt(1 + seq % 7, 'Lyon','Porto','Bergen','Graz','Gent','Turku','Cork'),"
            + " lpad(seq % 99999, 5, '0'), ((seq * 7919) % 10000000) / 100,"
            + " 40 + ((seq * 31) % 8000) / 100,"
            + " timestamp('2000-01-01') + interval (seq * 15485863 % 788400000000) microsecond"
            + " + interval (seq % 7300) day,"
            + " json_object('allergies', json_array(concat('a', seq % 13)), 'smoker', seq % 5 = 0,"
            + " 'visits', seq % 41, 'insurer', concat('INS-', seq % 311))"
            + " from seq_1_to_ROWS")
        .replace("TABLE", TABLE)
        .replace("ROWS", Long.toString(rows));
  }
}
