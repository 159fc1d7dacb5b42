package io.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineTest {
  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** Every command and sub-command, as the words typed after {@code airlock}. */
  static Stream<String> everyCommand() {
    List<String> paths = new ArrayList<>();
    collect(
        Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())),
        "",
        paths);
    return paths.stream();
  }

  private static void collect(CommandLine command, String prefix, List<String> paths) {
    for (var entry : command.getSubcommands().entrySet()) {
      if (entry.getKey().equals("help")) {
        continue;
      }
      String path = (prefix + " " + entry.getKey()).strip();
      paths.add(path);
      collect(entry.getValue(), path, paths);
    }
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void everyCommandHasHelp(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    Result result = run(args.toArray(String[]::new));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: airlock " + command);
  }

  @Test
  void theCommandsOfTheIssueExist() {
    assertThat(everyCommand())
        .contains(
            "quickstart",
            "controlplane",
            "dataplane",
            "regions create",
            "workspaces create",
            "dataplanes create",
            "dataplanes revoke",
            "sources create",
            "destinations create",
            "connections create",
            "jobs get",
            "sync run");
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Result result = run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("quickstart", "controlplane", "sync", "connections");
  }

  @Test
  void connectorsListShowsEveryBuiltInWithItsKindAndSyncModes() {
    Result result = run("connectors", "list");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.getFirst()).contains("TYPE", "KIND", "SYNC MODES");
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("destination-postgres")
                    .contains("destination", "INCREMENTAL_APPEND_DEDUP"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("source-csv")
                    .contains("source", "FULL_REFRESH_APPEND")
                    .doesNotContain("INCREMENTAL"));
    assertThat(lines).hasSize(1 + io.airlock.protocol.spec.ConnectorSpecs.TYPES.size());
  }

  @Test
  void unknownOptionIsAUsageError() {
    Result result = run("regions", "list", "--no-such-option");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Result result = run("regions", "create");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("Missing required option: '--name=<name>'");
  }

  @Test
  void invalidRowCountIsAUsageError() {
    Result result = run("quickstart", "--rows", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--rows must be at least 1");
  }
}
