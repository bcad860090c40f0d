package io.labelatlas.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry point of the launcher and of {@code spark-submit}: {@code demo}, {@code run}, {@code cluster}, {@code sql}. */
public final class LabelAtlas {
  static final String USAGE = """
      usage: labelatlas [--verbose] <command> [options]

      commands:
        demo     generate the embedded synthetic defect data set and run the whole job on it
        run      run a job definition: run JOB.yaml [--profile NAME] [--set key=value ...]
        cluster  cluster your own vectors (Parquet/CSV): cluster --input FILE --algorithm NAME --output DIR
        sql      query the Delta tables with Spark SQL: sql --tables DIR "SELECT ..."
        evaluate score any labelling against a truth column: evaluate --input FILE --truth COL --pred COL
        compare  run a grid of backbones x algorithms and rank them: compare GRID.yaml [--profile NAME] [--set k=v]
        inject-noise  flip a known share of the given labels: inject-noise --tables DIR --fraction F --seed S
        decide   record a reviewer's decision: decide --tables DIR confirm --algorithm A --clusters C
        propagate  spread decided labels over the neighbour graph: propagate --tables DIR [--run ID]
        simulate-review  measure review effort with an oracle: simulate-review --tables DIR --algorithm A --out DIR

      'labelatlas <command> --help' describes a command's options. In every command --input-format names the format
      of an input file, --format the format of what the command prints, and the Spark master is spark-submit's
      --master if given, else --master (or the job's spark.master and its profile's), else local[*].
        --verbose   print the stack trace of an error too (given anywhere on the line)
      Exit codes: 0 ok, 1 internal error (printed with its stack trace), 2 bad usage, settings or input (a
      misspelled column, a missing file): one 'error:' line and a hint.
      """;

  private LabelAtlas() {}

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    if (code != 0) System.exit(code);
  }

  /** Runs a command and returns its exit code: 0 ok, 1 internal error, 2 bad usage, configuration or input. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean verbose = rest.removeIf("--verbose"::equals);
    if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h") || rest.get(0).equals("help")) {
      (rest.isEmpty() ? err : out).print(USAGE);
      return rest.isEmpty() ? FailureReport.USER_ERROR : 0;
    }
    String command = rest.remove(0);
    String[] options = rest.toArray(String[]::new);
    try {
      return switch (command) {
        case "demo" -> DemoCommand.run(options, out);
        case "run" -> RunCommand.run(options, out);
        case "cluster" -> ClusterCommand.run(options, out, err);
        case "sql" -> SqlCommand.run(options, out);
        case "evaluate" -> EvaluateCommand.run(options, out);
        case "compare" -> CompareCommand.run(options, out);
        case "inject-noise" -> InjectNoiseCommand.run(options, out);
        case "decide" -> DecideCommand.run(options, out);
        case "propagate" -> PropagateCommand.run(options, out);
        case "simulate-review" -> SimulateReviewCommand.run(options, out);
        default -> {
          err.println("error: unknown command '" + command + "'");
          err.print(USAGE);
          yield FailureReport.USER_ERROR;
        }
      };
    } catch (Exception e) {
      // Spark throws checked exceptions through Scala code, so catch them all here.
      return FailureReport.print(e, verbose, err);
    }
  }
}
