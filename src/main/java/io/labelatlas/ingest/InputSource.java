package io.labelatlas.ingest;

import io.labelatlas.config.JobConfig.InputConfig;
import io.labelatlas.runtime.HadoopFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One input layout ({@code input.kind}): lists its images, labels and boxes as {@link ImageRefs} rows. Listing and
 * annotation parsing run on executors; an annotation problem is a row with an error, never an exception. A new
 * format is one new implementation registered in {@link ImageSources}.
 */
interface InputSource {
  Dataset<Row> list(SparkSession spark, InputConfig input, HadoopFiles files);
}
