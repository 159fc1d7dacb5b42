package io.airlock.cli.quickstart;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Synthetic patients for the quickstart. Names, streets, cities and ZIP codes come from Datafaker;
 * identifiers (SSN, phone, e-mail) are composed to be unique-looking. The same seed gives the same
 * patients, so a second quickstart loads the same data.
 *
 * <p>Datafaker fills pools of values once; rows pick from them with a seeded {@link Random}, which
 * keeps 100,000 rows within a few seconds.
 */
public final class PatientGenerator {
  /** Columns of the {@code patients} table, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "id",
          "first_name",
          "last_name",
          "birth_date",
          "ssn",
          "email",
          "phone",
          "street",
          "city",
          "state",
          "zip",
          "balance",
          "created_at");

  /** The table's definition, with ZIP as text so leading zeros survive. */
  public static final String TABLE_DEFINITION =
      """
      create table patients (
        id bigint primary key,
        first_name text not null,
        last_name text not null,
        birth_date date not null,
        ssn text not null,
        email text not null,
        phone text not null,
        street text not null,
        city text not null,
        state text not null,
        zip text not null,
        balance numeric(12, 2) not null,
        created_at timestamptz not null
      )""";

  private static final LocalDate OLDEST_BIRTH = LocalDate.of(1930, 1, 1);
  private static final int BIRTH_DAYS = 90 * 365;
  private static final Instant CREATED_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final long CREATED_SPAN_MICROS = 5L * 365 * 24 * 3600 * 1_000_000;

  private final Random random;
  private final List<String> firstNames;
  private final List<String> lastNames;
  private final List<String> streets;
  private final List<Place> places;
  private final List<String> domains;
  private long nextId = 1;

  /** One patient row. */
  public record Patient(
      long id,
      String firstName,
      String lastName,
      LocalDate birthDate,
      String ssn,
      String email,
      String phone,
      String street,
      String city,
      String state,
      String zip,
      BigDecimal balance,
      OffsetDateTime createdAt) {}

  private record Place(String city, String state, String zip) {}

  public PatientGenerator(long seed) {
    Faker faker = new Faker(Locale.US, new Random(seed));
    this.random = new Random(seed ^ 0x5DEECE66DL);
    this.firstNames = pool(500, () -> faker.name().firstName());
    this.lastNames = pool(500, () -> faker.name().lastName());
    this.streets = pool(1_000, () -> faker.address().streetAddress());
    this.places =
        pool(
            300,
            () ->
                new Place(
                    faker.address().city(),
                    faker.address().stateAbbr(),
                    faker.address().zipCode()));
    this.domains = pool(40, () -> faker.internet().domainName());
  }

  /** The next patient; ids count up from 1. */
  public Patient next() {
    long id = nextId++;
    String first = pick(firstNames);
    String last = pick(lastNames);
    Place place = pick(places);
    return new Patient(
        id,
        first,
        last,
        OLDEST_BIRTH.plusDays(random.nextInt(BIRTH_DAYS)),
        ssn(),
        email(first, last, id),
        phone(),
        pick(streets),
        place.city(),
        place.state(),
        place.zip(),
        BigDecimal.valueOf(random.nextLong(-100_000, 5_000_000), 2),
        CREATED_BEFORE
            .minus(random.nextLong(CREATED_SPAN_MICROS), ChronoUnit.MICROS)
            .atOffset(ZoneOffset.UTC));
  }

  /** Appends {@code patient} as one line of CSV, the columns in {@link #COLUMNS} order. */
  public static void appendCsv(Patient patient, StringBuilder out) {
    out.append(patient.id()).append(',');
    csv(out, patient.firstName()).append(',');
    csv(out, patient.lastName()).append(',');
    out.append(patient.birthDate()).append(',');
    csv(out, patient.ssn()).append(',');
    csv(out, patient.email()).append(',');
    csv(out, patient.phone()).append(',');
    csv(out, patient.street()).append(',');
    csv(out, patient.city()).append(',');
    csv(out, patient.state()).append(',');
    csv(out, patient.zip()).append(',');
    out.append(patient.balance().toPlainString()).append(',');
    out.append(patient.createdAt()).append('\n');
  }

  private static StringBuilder csv(StringBuilder out, String value) {
    boolean quote =
        value.indexOf(',') >= 0
            || value.indexOf('"') >= 0
            || value.indexOf('\n') >= 0
            || value.indexOf('\r') >= 0;
    if (!quote) {
      return out.append(value);
    }
    return out.append('"').append(value.replace("\"", "\"\"")).append('"');
  }

  private String ssn() {
    int area = 1 + random.nextInt(899);
    if (area == 666) {
      area = 667;
    }
    return String.format(
        Locale.ROOT, "%03d-%02d-%04d", area, 1 + random.nextInt(99), 1 + random.nextInt(9999));
  }

  private String phone() {
    return String.format(
        Locale.ROOT,
        "(%03d) %03d-%04d",
        200 + random.nextInt(800),
        200 + random.nextInt(800),
        random.nextInt(10_000));
  }

  private String email(String first, String last, long id) {
    return local(first) + "." + local(last) + id + "@" + pick(domains);
  }

  private static String local(String name) {
    String letters = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return letters.isEmpty() ? "patient" : letters;
  }

  private <T> T pick(List<T> pool) {
    return pool.get(random.nextInt(pool.size()));
  }

  private static <T> List<T> pool(int size, Supplier<T> supplier) {
    List<T> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(supplier.get());
    }
    return List.copyOf(values);
  }
}
