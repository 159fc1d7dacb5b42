package io.airlock.cli;

import io.airlock.cli.planes.ControlPlaneCommand;
import io.airlock.cli.planes.DataPlaneCommand;
import io.airlock.cli.quickstart.QuickstartCommand;
import io.airlock.cli.resources.ConnectionsCommand;
import io.airlock.cli.resources.ConnectorsCommand;
import io.airlock.cli.resources.DataPlanesCommand;
import io.airlock.cli.resources.DestinationsCommand;
import io.airlock.cli.resources.JobsCommand;
import io.airlock.cli.resources.RegionsCommand;
import io.airlock.cli.resources.SourcesCommand;
import io.airlock.cli.resources.WorkspacesCommand;
import io.airlock.cli.sync.SyncCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The {@code airlock} command. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Airlock: hybrid data integration with outbound-only data planes.",
    footer = {
      "",
      "In a source checkout, './airlock test' runs the test suite ('./airlock test --help')."
    },
    subcommands = {
      QuickstartCommand.class,
      ControlPlaneCommand.class,
      DataPlaneCommand.class,
      RegionsCommand.class,
      WorkspacesCommand.class,
      DataPlanesCommand.class,
      SourcesCommand.class,
      DestinationsCommand.class,
      ConnectionsCommand.class,
      ConnectorsCommand.class,
      JobsCommand.class,
      SyncCommand.class,
      io.airlock.cli.bench.BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** System property naming the CLI's log file; read by {@code logback.xml}. */
  public static final String LOG_FILE_PROPERTY = "airlock.log.file";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    configureLogFile(AirlockHome.current());
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args} and returns its exit code; for tests and embedding. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  /** The configured command line, writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(Main::handleException);
    // Wider than picocli's 80 columns where the terminal allows, so that examples such as
    // env://HASH_KEY and https://127.0.0.1:8443 are less often broken across lines.
    commandLine.setUsageHelpWidth(100);
    commandLine.setUsageHelpAutoWidth(true);
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int handleException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof CliException cli) {
      err.println(commandLine.getColorScheme().errorText("Error: " + cli.getMessage()));
      err.flush();
      return cli.exitCode();
    }
    LoggerFactory.getLogger(Main.class).error("Command failed", exception);
    err.println(
        commandLine
            .getColorScheme()
            .errorText("Error: " + exception + " (details in " + logFile() + ")"));
    err.flush();
    return ExitCodes.FAILURE;
  }

  /** Points the CLI's log file at {@code $AIRLOCK_HOME/logs/airlock.log}, unless set already. */
  static void configureLogFile(AirlockHome home) {
    if (System.getProperty(LOG_FILE_PROPERTY) == null) {
      System.setProperty(LOG_FILE_PROPERTY, home.logsDir().resolve("airlock.log").toString());
    }
  }

  private static Path logFile() {
    String file = System.getProperty(LOG_FILE_PROPERTY);
    return file == null ? AirlockHome.current().logsDir().resolve("airlock.log") : Path.of(file);
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"airlock " + (version == null ? "(development build)" : version)};
    }
  }
}
