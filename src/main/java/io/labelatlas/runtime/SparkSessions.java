package io.labelatlas.runtime;

import io.labelatlas.config.JobConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Starts or joins the SparkSession a job runs in. Settings that spark-submit (or the cluster's spark-defaults) already
 * gave win over the job's own, so the same job file runs locally and on a cluster.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession forJob(JobConfig.SparkConfig spark, String appName) {
    SparkConf conf = new SparkConf(true);
    setIfAbsent(conf, "spark.master", spark.master());
    setIfAbsent(conf, "spark.app.name", "labelatlas-" + appName);
    setIfAbsent(conf, "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    setIfAbsent(conf, "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    setIfAbsent(conf, "spark.sql.shuffle.partitions", Integer.toString(spark.partitions()));
    setIfAbsent(conf, "spark.ui.enabled", "false");
    setIfAbsent(conf, "spark.ui.showConsoleProgress", "false");
    setIfAbsent(conf, "spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    setIfAbsent(conf, "spark.kryoserializer.buffer.max", "512m");
    setIfAbsent(conf, "spark.databricks.delta.snapshotPartitions", "2");
    setIfAbsent(conf, "spark.sql.adaptive.enabled", "true");
    if (conf.get("spark.master").startsWith("local")) {
      // Local sessions never listen beyond loopback.
      setIfAbsent(conf, "spark.driver.bindAddress", "127.0.0.1");
      setIfAbsent(conf, "spark.driver.host", "127.0.0.1");
    }
    for (Map.Entry<String, String> setting : spark.settings().entrySet()) {
      setIfAbsent(conf, setting.getKey(), setting.getValue());
    }
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    return session;
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) conf.set(key, value);
  }
}
