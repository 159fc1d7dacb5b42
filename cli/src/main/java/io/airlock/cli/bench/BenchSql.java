package io.airlock.cli.bench;

import io.airlock.cli.quickstart.CustomerDatabase;
import java.sql.SQLException;

/** The SQL of the PostgreSQL-to-PostgreSQL benchmark's deterministic patients-like table. */
final class BenchSql {
  static final String SCHEMA = "public";
  static final String TABLE = "bench_patients";
  static final String PIPE_TABLE = "bench_patients_pipe";

  /** Fifteen columns: bigint, text, date, numeric, timestamptz and jsonb. */
  static final String COLUMNS =
      """
      id bigint not null,
      mrn text not null,
      first_name text,
      last_name text,
      ssn text,
      email text,
      phone text,
      birth_date date,
      gender text,
      city text,
      zip text,
      balance numeric(12,2),
      weight_kg numeric(6,2),
      registered_at timestamptz,
      attributes jsonb
      """;

  private BenchSql() {}

  /**
   * Creates and fills {@code demo_source.public.bench_patients} with {@code rows} rows, owned by
   * the benchmark role, vacuumed and analyzed; prints {@code generated_seconds}.
   */
  static void generate(BenchPlanes planes, long rows) throws SQLException {
    planes.say("Generating " + rows + " rows (15 columns) into " + SCHEMA + "." + TABLE);
    long started = System.nanoTime();
    String table = SCHEMA + "." + TABLE;
    planes.execute(
        CustomerDatabase.SOURCE_DATABASE,
        createSource(),
        fill(rows),
        "alter table " + table + " owner to " + CustomerDatabase.ROLE,
        "vacuum analyze " + table,
        "checkpoint");
    planes.figure("generated_seconds", (System.nanoTime() - started) / 1e9);
  }

  static String createSource() {
    return "drop table if exists "
        + SCHEMA
        + "."
        + TABLE
        + ";\n"
        + "create table "
        + SCHEMA
        + "."
        + TABLE
        + " ("
        + COLUMNS
        + ", primary key (id))";
  }

  static String createPipeTwin() {
    return "drop table if exists "
        + SCHEMA
        + "."
        + PIPE_TABLE
        + ";\n"
        + "create table "
        + SCHEMA
        + "."
        + PIPE_TABLE
        + " ("
        + COLUMNS
        + ")";
  }

  /** Rows 1..{@code rows}, every value a function of the row number only. */
  static String fill(long rows) {
    return "insert into "
        + SCHEMA
        + "."
        + TABLE
        + "\n"
        + """
        select g,
          'MRN' || lpad(g::text, 9, '0'),
          (array['Ana','Ben','Chloe','David','Emma','Farid','Grace','Hugo','Ines','Jon'])
            [1 + g % 10],
          (array['Smith','Garcia','Muller','Rossi','Dubois','Silva','Nowak','Kim','Ito'])
            [1 + g % 9] || '-' || (g % 997)::text,
          lpad((g % 900)::text, 3, '0') || '-' || lpad((g % 97)::text, 2, '0') || '-'
            || lpad((g % 9973)::text, 4, '0'),
          'patient' || g::text || '@example.org',
          '+1-555-' || lpad((g % 10000000)::text, 7, '0'),
          date '1930-01-01' + (g % 32000)::int,
          case g % 3 when 0 then 'F' when 1 then 'M' else 'X' end,
          (array['Lyon','Porto','Bergen','Graz','Gent','Turku','Cork'])[1 + g % 7],
          lpad((g % 99999)::text, 5, '0'),
          ((g * 7919) % 10000000)::numeric / 100,
          40 + ((g * 31) % 8000)::numeric / 100,
          timestamptz '2000-01-01 00:00:00+00'
            + (g * 15485863 % 788400000000) * interval '1 microsecond'
            + (g % 7300) * interval '1 day',
          jsonb_build_object('allergies', jsonb_build_array('a' || (g % 13)::text),
            'smoker', g % 5 = 0, 'visits', g % 41, 'insurer', 'INS-' || (g % 311)::text)
        from generate_series(1::bigint, """
        + rows
        + ") as g";
  }
}
