package io.labelatlas.cli;

import io.labelatlas.config.CompareConfig;
import io.labelatlas.config.CompareGrid;
import io.labelatlas.pipeline.CompareJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code compare GRID.yaml [--profile NAME|FILE] [--set key=value ...]}. */
final class CompareCommand {
  static final String HELP = """
      usage: labelatlas compare GRID.yaml [--profile NAME|FILE] [--set key=value ...]

      Runs a comparison grid (see jobs/compare-*.yaml): every (embed entry, cluster entry) pair is one run of the
      grid's base job on the same crops, every algorithm of a run one configuration. Then ranks the configurations by
      the grid's rank_by metric, tests each against the best by a paired bootstrap ("p vs best"), merges the rows into
      the comparison table under the base job's output.tables, writes the grid's output.markdown and output.csv, and
      prints the Markdown table.
        --profile NAME   apply conf/NAME.yaml (or a YAML file path) to every run: Spark and output settings
        --set key=value  override one job setting in every run, after the grid's entries; repeatable
      Settings of every run are validated before Spark starts. Exit status 1 if any grid point failed (the others
      are still compared and written).
      """;

  private CompareCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("profile"), "compare");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    if (parsed.positionals.size() != 1) {
      throw new UsageException("compare: expected one grid file, got " + parsed.positionals);
    }
    CompareConfig config = CompareConfig.load(Path.of(parsed.positionals.get(0)));
    CompareGrid grid = CompareGrid.expand(config, RunCommand.profile(parsed.flags.get("profile")), parsed.sets);
    CompareJob.Result result = new CompareJob(grid, out).run();
    return result.failures().isEmpty() ? 0 : 1;
  }
}
