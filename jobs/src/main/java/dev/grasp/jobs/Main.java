package dev.grasp.jobs;

import dev.grasp.graph.io.InputException;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The grasp command line: {@code grasp <command> [options]}, run by {@code bin/grasp} locally or by
 * {@code spark-submit --class dev.grasp.jobs.Main grasp-jobs-<version>.jar <command> …}. Exit codes: 0 success,
 * 2 bad arguments or input (one line naming the option, file or value), 1 runtime failure.
 */
@Command(name = "grasp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Graph sampling and projection on Apache Spark.")
public final class Main implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  /** The commands, in the order {@code grasp --help} lists them (then {@code help}). */
  private static final List<Class<?>> COMMANDS = List.of(
      PipelineCommand.class,
      StatsCommand.class,
      SampleCommand.class,
      CompareCommand.class,
      GenerateCommand.class,
      EmbedCommand.class,
      EvaluateCommand.class,
      ClusterCommand.class,
      RescaleCommand.class,
      GpuCheckCommand.class);

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args);
    System.exit(code);
  }

  /** Runs the command line and returns the exit code (no System.exit; for tests and embedding). */
  public static int run(String... args) {
    CommandLine cl = commandLine(args);
    return cl.execute(args);
  }

  /** Runs with the given output and error writers (for tests). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured picocli command line with every command (also used by tests that only parse arguments). */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when the first argument names a command, with that command alone (picocli
   * reflects over every option of every command it is given, about 0.1 s of a 2 s run for the nine not run),
   * else with all of them, so help, errors and suggestions list them all.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    boolean named = COMMANDS.stream().anyMatch(c -> name(c).equals(first));
    for (Class<?> c : COMMANDS) {
      if (!named || name(c).equals(first)) {
        cl.addSubcommand(c);
      }
    }
    cl.addSubcommand(new CommandLine.HelpCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    StageParams.install(cl);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String name = commandLine.getCommandSpec().qualifiedName(" ");
      PrintWriter err = commandLine.getErr();
      Throwable cause = rootUserError(ex);
      if (cause != null) {
        err.println(name + ": error: " + oneLine(cause.getMessage()));
        err.flush();
        return 2;
      }
      LOG.error(name + " failed", ex);
      err.println(name + ": failed: " + oneLine(String.valueOf(ex)));
      err.flush();
      return 1;
    });
    return cl;
  }

  /** The user-facing cause (bad argument or input) of a failure, if any. */
  static Throwable rootUserError(Throwable ex) {
    for (Throwable c = ex; c != null; c = c.getCause()) {
      if (c instanceof InputException || c instanceof IllegalArgumentException
          || c instanceof java.io.FileNotFoundException
          || c instanceof org.apache.spark.sql.AnalysisException) {
        return c;
      }
    }
    return null;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Version from the jar's resources. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"grasp " + JobContext.version()};
    }
  }
}
