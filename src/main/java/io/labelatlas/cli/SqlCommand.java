package io.labelatlas.cli;

import io.labelatlas.config.JobConfig;
import io.labelatlas.runtime.SparkSessions;
import io.labelatlas.store.TableCatalog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code sql --tables DIR "SELECT ..."}: Spark SQL over every Delta table under DIR, registered by its name. */
final class SqlCommand {
  static final String HELP = """
      usage: labelatlas sql --tables DIR [--format table|csv] [--max-rows N] "SELECT ..."

      Registers every Delta table under DIR (local or s3a://) as a view named after its folder (runs, crops,
      labels, embeddings, assignments, metrics, contingency, errors) and runs the query.
        --format table   aligned text (default); shows at most --max-rows rows (default 200) and says if more exist
        --format csv     RFC 4180 CSV with a header, streamed: every row unless --max-rows is given
      """;

  private SqlCommand() {}

  static int run(String[] args, PrintStream out) {
    Arguments parsed = Arguments.parse(args, Set.of("tables", "format", "max-rows", "master"), "sql");
    if (parsed.help) {
      out.print(HELP);
      return 0;
    }
    String tables = parsed.flags.get("tables");
    if (tables == null) throw new UsageException("sql: --tables DIR is required");
    if (parsed.positionals.size() != 1) throw new UsageException("sql: expected one quoted query, got " + parsed.positionals.size() + " arguments");
    String format = parsed.flags.getOrDefault("format", "table");
    if (!format.equals("table") && !format.equals("csv")) throw new UsageException("sql: --format must be table or csv");
    int maxRows = parsed.intFlag("max-rows", format.equals("csv") ? Integer.MAX_VALUE : 200, 1);

    SparkSession spark = SparkSessions.forJob(
        new JobConfig.SparkConfig(parsed.flags.getOrDefault("master", "local[2]"), 4, Map.of()), "sql");
    List<String> registered = TableCatalog.registerAll(spark, tables);
    if (registered.isEmpty()) throw new UsageException("sql: no Delta tables under " + tables);
    Dataset<Row> result = spark.sql(parsed.positionals.get(0));
    print(result, format, maxRows, out);
    return 0;
  }

  static void print(Dataset<Row> result, String format, int maxRows, PrintStream out) {
    String[] columns = result.columns();
    if (format.equals("csv")) {
      out.println(csvLine(List.of(columns)));
      Dataset<Row> limited = maxRows == Integer.MAX_VALUE ? result : result.limit(maxRows);
      Iterator<Row> rows = limited.toLocalIterator();
      while (rows.hasNext()) out.println(csvLine(cells(rows.next())));
      return;
    }
    List<Row> rows = result.limit(maxRows + 1).collectAsList();
    List<List<String>> cells = new ArrayList<>();
    for (int i = 0; i < Math.min(rows.size(), maxRows); i++) cells.add(cells(rows.get(i)));
    out.print(io.labelatlas.pipeline.TextTable.render(List.of(columns), cells));
    out.println(rows.size() > maxRows ? "(first " + maxRows + " rows shown; more exist: raise --max-rows or use --format csv)"
        : "(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + ")");
  }

  private static List<String> cells(Row row) {
    List<String> out = new ArrayList<>(row.length());
    for (int i = 0; i < row.length(); i++) {
      Object value = row.get(i);
      out.add(value == null ? "null" : value instanceof scala.collection.Iterable<?> it ? it.mkString("[", ", ", "]")
          : value.toString());
    }
    return out;
  }

  static String csvLine(List<String> cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      if (i > 0) line.append(',');
      if (cell.equals("null")) continue;
      if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
        line.append('"').append(cell.replace("\"", "\"\"")).append('"');
      } else {
        line.append(cell);
      }
    }
    return line.toString();
  }
}
