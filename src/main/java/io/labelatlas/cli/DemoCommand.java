package io.labelatlas.cli;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.pipeline.LabelAtlasJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/** {@code demo [--out DIR]}: the embedded default, needing no data. */
final class DemoCommand {
  static final String HELP = """
      usage: labelatlas demo [--out DIR] [--images-per-class N] [--profile NAME] [--set key=value ...]

      Generates LabelAtlas's synthetic defect data set (defect-free textures plus scratch, pit, crack, stain and
      inclusion defects on varied backgrounds, with boxes, a fixed seed and a known fraction of flipped labels
      recorded in DIR/data/truth.csv), runs the whole job on it (the job in jobs/demo.yaml), prints the metrics and
      says where the tables are.
        --out DIR              where data and tables go (default: demo-out)
        --images-per-class N   images per class (default: the job's input.images_per_class)
      """;

  private DemoCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("out", "images-per-class", "profile"), "demo");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    if (!parsed.positionals.isEmpty()) throw new UsageException("demo: unexpected argument " + parsed.positionals);
    Path root = Path.of(parsed.flags.getOrDefault("out", "demo-out")).toAbsolutePath().normalize();
    List<String> sets = new ArrayList<>();
    sets.add("input.path=" + root.resolve("data"));
    sets.add("output.tables=" + root.resolve("tables"));
    if (parsed.flags.containsKey("images-per-class")) {
      sets.add("input.images_per_class=" + parsed.intFlag("images-per-class", 0, 1));
    }
    sets.addAll(parsed.sets);
    JobConfigLoader.Loaded loaded =
        JobConfigLoader.fromYaml(demoJob(), RunCommand.profile(parsed.flags.get("profile")), sets);
    String runId = new LabelAtlasJob(loaded, out).run().runId();
    DemoScore.print(SparkSession.active(), root, runId, out);
    out.println();
    out.println("Try: scripts/labelatlas sql --tables " + root.resolve("tables")
        + " \"SELECT algorithm, metric, round(value, 4) AS value FROM metrics WHERE metric IN ('purity','nmi','ari')\"");
    out.println("Flipped labels (ground truth): " + root.resolve("data/truth.csv"));
    return 0;
  }

  /** The demo job ships inside the jar, so the demo works from the jar alone. */
  static String demoJob() {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/jobs/demo.yaml")) {
      if (in == null) throw new IllegalStateException("jobs/demo.yaml is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read jobs/demo.yaml from the jar: " + e.getMessage(), e);
    }
  }
}
