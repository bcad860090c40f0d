package io.labelatlas.cluster;

import java.util.function.Function;

/**
 * How a validation message names a setting and the things being clustered: a job file says
 * {@code 'cluster.hdbscan.min_samples'} and crops, the {@code cluster} command {@code --min-samples} and rows.
 *
 * @param setting from a key under {@code cluster.} (e.g. {@code hdbscan.min_samples}) to its name for the user
 * @param items what one input row is, plural
 */
public record SettingNames(Function<String, String> setting, String items) {
  /** The job file's keys, for crops. */
  public static final SettingNames JOB = new SettingNames(key -> "'cluster." + key + "'", "crops");

  public String of(String key) {
    return setting.apply(key);
  }

  /** "'cluster.k' = 500 is larger than the 120 crops to cluster". */
  String largerThanData(String key, long value, long n) {
    return of(key) + " = " + value + " is larger than the " + n + " " + items + " to cluster";
  }
}
