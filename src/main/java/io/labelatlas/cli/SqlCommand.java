package io.labelatlas.cli;

import io.labelatlas.review.CurrentLabels;
import io.labelatlas.review.LabelSources;
import io.labelatlas.store.Table;
import io.labelatlas.store.TableCatalog;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** {@code sql --tables DIR "SELECT ..."}: Spark SQL over every Delta table under DIR, registered by its name. */
final class SqlCommand {
  /** A view over labels: each crop's label by precedence (human, cluster_confirmed, given, propagated). */
  static final String CURRENT_LABELS = "current_labels";
  static final String HELP = """
      usage: labelatlas sql --tables DIR [--format table|csv] [--max-rows N] [--master URL] "SELECT ..."

      Registers every Delta table under DIR (local or s3a://) as a view named after its folder and runs the query.
      The tables LabelAtlas writes (docs/tables.md; a table appears once a run or command has written it):
      %s
      and the view current_labels (crop_id, label, source, confidence): each crop's label now, its human one, else
      cluster_confirmed, else given, else propagated (docs/review.md).
        --format table   aligned text (default); shows at most --max-rows rows (default 200) and says if more exist
        --format csv     RFC 4180 CSV with a header, streamed: every row unless --max-rows is given
        --master URL     %s
      A misspelled table or column is an error that lists the tables, or the columns of the tables the query names.
      """.formatted(tableList(), CommandSessions.MASTER_HELP);

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

    SparkSession spark = CommandSessions.start(parsed, 4, "sql");
    List<String> registered;
    try {
      registered = TableCatalog.registerAll(spark, tables);
    } catch (IllegalArgumentException e) {
      throw new UsageException("sql: --tables: " + e.getMessage(), null, e);
    }
    if (registered.isEmpty()) throw new UsageException("sql: no Delta tables under " + tables);
    if (registered.contains(Table.LABELS.tableName()) && java.util.Arrays.asList(
        spark.table(Table.LABELS.tableName()).columns()).containsAll(java.util.Arrays.asList(
            Table.LABELS.schema().fieldNames()))) {
      CurrentLabels.of(spark.table(Table.LABELS.tableName()), LabelSources.GIVEN).createOrReplaceTempView(CURRENT_LABELS);
      registered = new ArrayList<>(registered);
      registered.add(CURRENT_LABELS);
    }
    String query = parsed.positionals.get(0);
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      // Scala declares no checked exceptions, so javac does not let AnalysisException be caught by name here.
      if (!(e instanceof AnalysisException analysis) || analysis.isInternalError()) throw e;
      throw new UsageException("sql: " + FailureReport.message(analysis), hint(spark, registered, query, analysis), e);
    }
    print(result, format, maxRows, out);
    return 0;
  }

  /** Every table of {@link Table}, wrapped to the help's width. */
  static String tableList() {
    StringBuilder text = new StringBuilder("  ");
    int lineStart = 0;
    Table[] tables = Table.values();
    for (int i = 0; i < tables.length; i++) {
      String name = tables[i].tableName() + (i + 1 < tables.length ? ", " : "");
      if (text.length() - lineStart + name.length() > 110) {
        text.append(System.lineSeparator()).append("  ");
        lineStart = text.length() - 2;
      }
      text.append(name);
    }
    return text.toString();
  }

  /**
   * For a table that is not there: the tables under DIR. For a column that is not there: the columns of each table
   * the query names (Spark suggests close names already, but only a few).
   */
  static String hint(SparkSession spark, List<String> registered, String query, AnalysisException e) {
    String condition = e.getCondition() == null ? "" : e.getCondition();
    List<String> sorted = registered.stream().sorted().toList();
    String tables = "the tables under --tables are " + String.join(", ", sorted);
    if (condition.startsWith("TABLE_OR_VIEW_NOT_FOUND")) return tables;
    if (!condition.startsWith("UNRESOLVED_COLUMN") && !condition.startsWith("UNRESOLVED_FIELD")) return null;
    List<String> columns = new ArrayList<>();
    for (String table : sorted) {
      if (!Pattern.compile("(?i)\\b" + Pattern.quote(table) + "\\b").matcher(query).find()) continue;
      columns.add("columns of " + table + ": " + String.join(", ", spark.table(table).columns()));
    }
    return columns.isEmpty() ? tables : String.join("; ", columns);
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
