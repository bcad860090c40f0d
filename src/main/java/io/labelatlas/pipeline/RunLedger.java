package io.labelatlas.pipeline;

import io.labelatlas.config.JobConfigLoader;
import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A run's identity and its row in the {@code runs} table. The run id is derived from the effective settings, the code
 * version and the set of input crops (and input errors), so a rerun over the same inputs is the same run: it updates
 * its own rows and counts one more attempt instead of adding a new run.
 */
final class RunLedger {
  /** The run id and the fingerprint of its inputs alone (the {@code runs.input_fingerprint} column). */
  record Identity(String runId, String inputFingerprint) {}

  private final SparkSession spark;
  private final DeltaStore store;
  private final JobConfigLoader.Loaded loaded;

  RunLedger(SparkSession spark, DeltaStore store, JobConfigLoader.Loaded loaded) {
    this.spark = spark;
    this.store = store;
    this.loaded = loaded;
  }

  /** @param crops one row per crop ({@code crop_id, given_label}); @param errors the input errors of this run */
  Identity identify(Dataset<Row> crops, Dataset<Row> errors) {
    Row cropSums = crops.agg(functions.count("*"),
        functions.sum(functions.xxhash64(functions.col("crop_id"), functions.col("given_label"))
            .cast(DataTypes.createDecimalType(38, 0)))).first();
    Row errorSums = errors.agg(functions.count("*"),
        functions.sum(functions.xxhash64(functions.col("source_path"), functions.col("stage"), functions.col("item"))
            .cast(DataTypes.createDecimalType(38, 0)))).first();
    String inputs = cropSums.mkString(",") + ";" + errorSums.mkString(",");
    String runId = loaded.config().name() + "-"
        + sha256(loaded.canonicalJson() + "|" + CodeVersion.get() + "|" + inputs).substring(0, 12);
    return new Identity(runId, sha256(inputs).substring(0, 16));
  }

  /**
   * Records the run as running. Returns true on its first attempt (no earlier row for this run id), when the
   * run-scoped tables can be appended to instead of merged.
   */
  boolean start(Identity run, Timestamp started) {
    int previous = 0;
    if (store.exists(Table.RUNS)) {
      List<Row> existing = store.read(Table.RUNS).filter(functions.col("run_id").equalTo(run.runId()))
          .select("attempts").collectAsList();
      if (!existing.isEmpty()) previous = existing.get(0).getInt(0);
    }
    Row row = RowFactory.create(run.runId(), loaded.config().name(), loaded.canonicalJson(), CodeVersion.get(),
        run.inputFingerprint(), started, null, "running", 1, null, null, null);
    Map<String, String> update = new LinkedHashMap<>();
    update.put("started_at", "s.started_at");
    update.put("ended_at", "CAST(NULL AS TIMESTAMP)");
    update.put("status", "s.status");
    update.put("attempts", "t.attempts + 1");
    update.put("message", "CAST(NULL AS STRING)");
    store.merge(Table.RUNS, spark.createDataFrame(List.of(row), Table.RUNS.schema()), update);
    return previous == 0;
  }

  /** Records how the run ended ({@code succeeded} or {@code failed}, with the failure's message) and its report. */
  void finish(Identity run, Timestamp started, RunReport report, String status, String message) {
    Row row = RowFactory.create(run.runId(), loaded.config().name(), loaded.canonicalJson(), CodeVersion.get(),
        run.inputFingerprint(), started, new Timestamp(System.currentTimeMillis()), status, 1,
        scala.jdk.javaapi.CollectionConverters.asScala(report.counts()),
        scala.jdk.javaapi.CollectionConverters.asScala(report.stageSeconds()), message);
    Map<String, String> update = new LinkedHashMap<>();
    for (String column : List.of("ended_at", "status", "counts", "stage_seconds", "message")) {
      update.put(column, "s." + column);
    }
    store.merge(Table.RUNS, spark.createDataFrame(List.of(row), Table.RUNS.schema()), update);
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
