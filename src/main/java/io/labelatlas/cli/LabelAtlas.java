package io.labelatlas.cli;

import io.labelatlas.config.ConfigException;
import java.io.PrintStream;
import java.util.Arrays;

/** Entry point of the launcher and of {@code spark-submit}: {@code demo}, {@code run}, {@code cluster}, {@code sql}. */
public final class LabelAtlas {
  static final String USAGE = """
      usage: labelatlas <command> [options]

      commands:
        demo     generate the embedded synthetic defect data set and run the whole job on it
        run      run a job definition: run JOB.yaml [--profile NAME] [--set key=value ...]
        cluster  cluster your own vectors (Parquet/CSV): cluster --input FILE --algorithm NAME --output DIR
        sql      query the Delta tables with Spark SQL: sql --tables DIR "SELECT ..."
        evaluate score any labelling against a truth column: evaluate --input FILE --truth COL --pred COL
        compare  run a grid of backbones x algorithms and rank them: compare GRID.yaml [--profile NAME] [--set k=v]
        inject-noise  flip a known share of the given labels: inject-noise --tables DIR --fraction F --seed S

      'labelatlas <command> --help' describes a command's options.
      """;

  private LabelAtlas() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) System.exit(code);
  }

  /** Runs a command and returns its exit code: 0 ok, 1 failed, 2 bad usage or configuration. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "demo" -> DemoCommand.run(rest, out);
        case "run" -> RunCommand.run(rest, out);
        case "cluster" -> ClusterCommand.run(rest, out);
        case "sql" -> SqlCommand.run(rest, out);
        case "evaluate" -> EvaluateCommand.run(rest, out);
        case "compare" -> CompareCommand.run(rest, out);
        case "inject-noise" -> InjectNoiseCommand.run(rest, out);
        default -> {
          err.println("error: unknown command '" + args[0] + "'");
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (UsageException | ConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      // Spark throws checked exceptions through Scala code, so catch them all here.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) root = root.getCause();
      err.println("error: " + firstLine(e.getMessage()) + (root != e ? " (cause: " + firstLine(root.toString()) + ")" : ""));
      if (System.getenv("LABELATLAS_QUIET_ERRORS") == null) e.printStackTrace(err);
      return 1;
    }
  }

  private static String firstLine(String text) {
    if (text == null) return "";
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
