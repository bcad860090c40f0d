package io.labelatlas.review;

import static org.apache.spark.sql.functions.col;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.util.List;
import org.apache.spark.sql.Row;

/** The run a review works on: the one named, else the latest that succeeded. */
public final class RunLookup {
  private RunLookup() {}

  public static String resolve(DeltaStore store, String runIdOrNull) {
    if (!store.exists(Table.RUNS)) {
      throw new DecisionException("no runs table under " + store.root() + ": run a job first");
    }
    if (runIdOrNull != null) {
      if (store.read(Table.RUNS).filter(col("run_id").equalTo(runIdOrNull)).isEmpty()) {
        List<String> known = store.read(Table.RUNS).orderBy(col("started_at").desc()).limit(5).select("run_id")
            .collectAsList().stream().map(r -> r.getString(0)).toList();
        throw new DecisionException("no run '" + runIdOrNull + "' in " + store.path(Table.RUNS) + " (latest: "
            + String.join(", ", known) + ")");
      }
      return runIdOrNull;
    }
    List<Row> latest = store.read(Table.RUNS).filter(col("status").equalTo("succeeded"))
        .orderBy(col("ended_at").desc(), col("run_id")).limit(1).select("run_id").collectAsList();
    if (latest.isEmpty()) {
      throw new DecisionException("no succeeded run in " + store.path(Table.RUNS) + ": name one with --run");
    }
    return latest.get(0).getString(0);
  }
}
