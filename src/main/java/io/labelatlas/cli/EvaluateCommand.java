package io.labelatlas.cli;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/**
 * {@code evaluate --input FILE --truth COL --pred COL}: scores any labelling in a Parquet or CSV table against a
 * truth column with the metrics of a job. The options are parsed by {@link EvaluateOptions}, scored by
 * {@link LabellingScore} and printed by {@link EvaluateReport}.
 */
final class EvaluateCommand {
  private EvaluateCommand() {}

  static int run(String[] args, PrintStream out) {
    EvaluateOptions options = EvaluateOptions.parse(args);
    if (options == null) {
      out.print(EvaluateOptions.HELP);
      return 0;
    }
    SparkSession spark = CommandSessions.start(options.master(), 8, "evaluate");
    LabellingScore scored = LabellingScore.compute(spark, options);
    out.print(options.json() ? EvaluateReport.json(options, scored) : EvaluateReport.table(options, scored));
    return 0;
  }
}
