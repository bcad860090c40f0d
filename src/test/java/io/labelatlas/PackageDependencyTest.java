package io.labelatlas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/architecture.md, checked on the sources: a stage imports only stages to its left and the
 * low-level packages; a low-level package imports only low-level packages; nothing but {@code cli} imports
 * {@code cli}. Reads {@code src/main/java} as text, so a new package has to be placed in {@link #STAGES} or
 * {@link #LOW_LEVEL} before it compiles into the picture.
 */
class PackageDependencyTest {
  /** Left to right: a package may import those at or left of its own rank. */
  private static final Map<String, Integer> STAGES = Map.ofEntries(
      Map.entry("ingest", 0), Map.entry("embed", 1), Map.entry("reduce", 2), Map.entry("cluster", 3),
      Map.entry("evaluate", 4), Map.entry("audit", 5), Map.entry("review", 6), Map.entry("pipeline", 7),
      // The benchmarks drive the stages as the pipeline does (issue 10 moves them out of src/main).
      Map.entry("bench", 8), Map.entry("cli", 9));
  /** Usable by every package. */
  private static final Set<String> LOW_LEVEL = Set.of("config", "runtime", "store", "geometry");
  /** Known violations awaiting another change; each names the issue that removes it. Empty: none known. */
  private static final Set<String> ALLOWED = Set.of();

  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+(?:static\\s+)?io\\.labelatlas\\.([a-z]+)\\b", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.labelatlas\\.([a-z]+)\\.[A-Za-z]");

  @Test
  void everyImportPointsLeftOrDown() throws IOException {
    Path root = Path.of("src/main/java/io/labelatlas");
    List<String> violations = new ArrayList<>();
    Set<String> unplaced = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
        String from = root.relativize(file).getName(0).toString();
        String text = Files.readString(file);
        for (String to : referencedPackages(text)) {
          if (from.equals(to)) continue;
          for (String name : List.of(from, to)) {
            if (!STAGES.containsKey(name) && !LOW_LEVEL.contains(name)) unplaced.add(name);
          }
          String edge = root.relativize(file).toString().replace('\\', '/') + " -> " + to;
          if (!allowed(from, to) && !ALLOWED.contains(edge)) violations.add(edge);
        }
      }
    }
    assertEquals(Set.of(), unplaced, "packages to place in the stage order of PackageDependencyTest");
    assertEquals(List.of(), violations, "imports against the stage order " + STAGES + " (low-level: " + LOW_LEVEL + ")");
  }

  @Test
  void theCheckSeesImportsAndQualifiedNames() {
    String source = "package io.labelatlas.cluster.auto;\nimport io.labelatlas.evaluate.Silhouette;\n"
        + "import static io.labelatlas.cli.Arguments.parse;\n"
        + "class X { Object y = new io.labelatlas.audit.BoundaryMargin(null, null); }\n"
        + "/** see io.labelatlas.bench */\n";
    assertEquals(Set.of("evaluate", "cli", "audit"), referencedPackages(source));
    assertEquals(false, allowed("cluster", "evaluate"));
    assertEquals(true, allowed("evaluate", "cluster"));
    assertEquals(true, allowed("cluster", "geometry"));
    assertEquals(false, allowed("geometry", "cluster"));
    assertEquals(false, allowed("pipeline", "cli"));
  }

  /** The top-level packages under io.labelatlas named by an import or a qualified class name outside comments. */
  static Set<String> referencedPackages(String source) {
    Set<String> packages = new TreeSet<>();
    Matcher imports = IMPORT.matcher(source);
    while (imports.find()) packages.add(imports.group(1));
    Matcher qualified = QUALIFIED.matcher(withoutComments(source));
    while (qualified.find()) packages.add(qualified.group(1));
    return packages;
  }

  static boolean allowed(String from, String to) {
    if (from.equals(to) || LOW_LEVEL.contains(to) && (LOW_LEVEL.contains(from) || STAGES.containsKey(from))) {
      return true;
    }
    if (to.equals("cli")) return false;
    return STAGES.containsKey(from) && STAGES.containsKey(to) && STAGES.get(to) <= STAGES.get(from);
  }

  private static String withoutComments(String source) {
    String noBlocks = source.replaceAll("(?s)/\\*.*?\\*/", " ");
    return noBlocks.replaceAll("//[^\\n]*", " ").replaceAll("(?m)^\\s*(package|import)\\s[^;]*;", " ");
  }
}
