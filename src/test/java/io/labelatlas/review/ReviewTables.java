package io.labelatlas.review;

import io.labelatlas.store.DeltaStore;
import io.labelatlas.store.Table;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A small Delta root for review tests: run {@code r1} with crops {@code a0..a9} (kmeans cluster 0, given label
 * {@code a}) and {@code b0..b9} (cluster 1, given {@code b}, except {@code b9} given {@code a}), each crop's
 * neighbours being the others of its group, plus {@code lone}, cluster 1, whose only neighbour is itself.
 */
final class ReviewTables {
  static final String RUN = "r1";
  static final Timestamp THEN = Timestamp.valueOf("2026-01-02 03:04:05");

  private ReviewTables() {}

  static List<String> group(String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) ids.add(prefix + i);
    return ids;
  }

  static DeltaStore write(SparkSession spark, String root) {
    DeltaStore store = new DeltaStore(spark, root);
    List<Row> crops = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    List<Row> assignments = new ArrayList<>();
    List<Row> neighbours = new ArrayList<>();
    for (String prefix : List.of("a", "b")) {
      List<String> ids = group(prefix);
      for (String id : ids) {
        String given = id.equals("b9") ? "a" : prefix;
        crops.add(RowFactory.create(id, "/img/" + id + ".png", "ab".repeat(32), "defect", 1, 2, 30, 40, 0, 0, 64,
            64, 100, 100, given, "manifest", RUN, RUN));
        labels.add(RowFactory.create(id, given, "given", "manifest", RUN, "import", THEN, null));
        assignments.add(RowFactory.create(RUN, id, "kmeans", prefix.equals("a") ? 0 : 1, null, null));
        List<String> others = ids.stream().filter(o -> !o.equals(id)).toList();
        List<Double> distances = new ArrayList<>();
        for (int m = 0; m < others.size(); m++) distances.add(1.0 + 0.1 * m);
        neighbours.add(RowFactory.create(RUN, id, others, distances));
      }
    }
    crops.add(RowFactory.create("lone", "/img/lone.png", "cd".repeat(32), "defect", 1, 2, 30, 40, 0, 0, 64, 64, 100,
        100, null, null, RUN, RUN));
    assignments.add(RowFactory.create(RUN, "lone", "kmeans", 1, null, null));
    neighbours.add(RowFactory.create(RUN, "lone", List.of("lone"), List.of(0.0)));
    store.merge(Table.CROPS, spark.createDataFrame(crops, Table.CROPS.schema()), DeltaStore.OnMatch.UPDATE);
    store.merge(Table.LABELS, spark.createDataFrame(labels, Table.LABELS.schema()), DeltaStore.OnMatch.UPDATE);
    store.merge(Table.ASSIGNMENTS, spark.createDataFrame(assignments, Table.ASSIGNMENTS.schema()),
        DeltaStore.OnMatch.UPDATE);
    store.merge(Table.NEIGHBOURS, spark.createDataFrame(neighbours, Table.NEIGHBOURS.schema()),
        DeltaStore.OnMatch.UPDATE);
    return store;
  }
}
