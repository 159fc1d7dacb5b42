package io.airlock.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatientGeneratorTest {
  private static List<PatientGenerator.Patient> generate(long seed, int rows) {
    PatientGenerator generator = new PatientGenerator(seed);
    List<PatientGenerator.Patient> patients = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      patients.add(generator.next());
    }
    return patients;
  }

  @Test
  void sameSeedGivesTheSamePatients() {
    assertThat(generate(7, 500)).isEqualTo(generate(7, 500));
  }

  @Test
  void anotherSeedGivesOtherPatients() {
    assertThat(generate(7, 50)).isNotEqualTo(generate(8, 50));
  }

  @Test
  void patientsLookPlausible() {
    List<PatientGenerator.Patient> patients = generate(42, 2_000);

    assertThat(patients).extracting(PatientGenerator.Patient::id).startsWith(1L, 2L, 3L);
    assertThat(patients)
        .allSatisfy(
            patient -> {
              assertThat(patient.ssn()).matches("\\d{3}-\\d{2}-\\d{4}");
              assertThat(patient.phone()).matches("\\(\\d{3}\\) \\d{3}-\\d{4}");
              assertThat(patient.email()).matches("[a-z]+\\.[a-z]+\\d+@[^@]+");
              assertThat(patient.zip()).matches("\\d{5}(-\\d{4})?");
              assertThat(patient.balance().scale()).isEqualTo(2);
            });
    Set<String> emails = new HashSet<>();
    patients.forEach(patient -> emails.add(patient.email()));
    assertThat(emails).hasSize(patients.size());
  }

  @Test
  void csvQuotesFieldsThatNeedIt() {
    StringBuilder line = new StringBuilder();
    PatientGenerator.Patient patient = generate(1, 1).get(0);
    PatientGenerator.Patient tricky =
        new PatientGenerator.Patient(
            patient.id(),
            "Ann, \"Jr\"",
            patient.lastName(),
            patient.birthDate(),
            patient.ssn(),
            patient.email(),
            patient.phone(),
            patient.street(),
            patient.city(),
            patient.state(),
            "01234",
            patient.balance(),
            patient.createdAt());

    PatientGenerator.appendCsv(tricky, line);

    assertThat(line.toString())
        .startsWith(patient.id() + ",\"Ann, \"\"Jr\"\"\",")
        .contains(",01234,")
        .endsWith("\n");
  }
}
