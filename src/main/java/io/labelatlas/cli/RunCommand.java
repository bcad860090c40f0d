package io.labelatlas.cli;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.pipeline.LabelAtlasJob;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** {@code run JOB.yaml [--profile NAME|FILE] [--set key=value ...]}. */
final class RunCommand {
  static final String HELP = """
      usage: labelatlas run JOB.yaml [--profile NAME|FILE] [--set key=value ...]

      Runs a job definition (see jobs/) end to end and merges its results into the Delta tables under output.tables.
        --profile NAME   apply conf/NAME.yaml (or a YAML file path) over the job: Spark and output settings
        --set key=value  override one setting, e.g. --set cluster.k=8 --set crop.margin=16; repeatable
      Settings are validated before Spark starts: an unknown key or a bad value names the key.
      Relative paths in the job are resolved against the working directory.
      """;

  private RunCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("profile"), "run");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    if (parsed.positionals.size() != 1) throw new UsageException("run: expected one job file, got " + parsed.positionals);
    JobConfigLoader.Loaded loaded = JobConfigLoader.load(Path.of(parsed.positionals.get(0)),
        profile(parsed.flags.get("profile")), parsed.sets);
    new LabelAtlasJob(loaded, out).run();
    return 0;
  }

  /** A profile is a YAML file path, or a name looked up as conf/NAME.yaml here or under $LABELATLAS_HOME. */
  static Path profile(String nameOrPath) {
    if (nameOrPath == null) return null;
    Path direct = Path.of(nameOrPath);
    if (Files.isRegularFile(direct)) return direct;
    Path local = Path.of("conf", nameOrPath + ".yaml");
    if (Files.isRegularFile(local)) return local;
    String home = System.getenv("LABELATLAS_HOME");
    if (home != null) {
      Path inHome = Path.of(home, "conf", nameOrPath + ".yaml");
      if (Files.isRegularFile(inHome)) return inHome;
    }
    throw new ConfigException("--profile '" + nameOrPath + "': no such file, and no conf/" + nameOrPath + ".yaml");
  }
}
