package io.labelatlas.audit;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Injected label noise: flips exactly {@code round(fraction * n)} of n labelled samples to a different class, to
 * measure how many wrong labels the audit finds (recall at a known ground truth), as in Northcutt et al., "Confident
 * Learning" (JAIR 2021), which evaluates on synthetically flipped labels.
 *
 * <p>Every choice is a function of {@code (seed, crop_id)} alone: SHA-256 of the seed and the id gives a rank key
 * (the {@code k} samples of smallest {@code (rank, crop_id)} are flipped) and a label draw. So the same settings flip
 * the same crops whatever the row order or partitioning, and a Spark job reproduces {@link #inject} row by row.
 */
public final class LabelNoise implements Serializable {
  /** The {@code labels} source of injected labels is this prefix followed by the injection's name. */
  public static final String SOURCE_PREFIX = "injected:";

  private static final long serialVersionUID = 1L;

  /** Order of the flip choice: smallest rank first, crop id breaking (astronomically unlikely) rank ties. */
  public static final Comparator<Keyed> FLIP_ORDER =
      Comparator.comparingLong(Keyed::rank).thenComparing(Keyed::cropId);

  /** A crop id with its rank key. */
  public record Keyed(long rank, String cropId) {}

  /** The outcome for one crop. */
  public record Injected(String cropId, String originalLabel, String injectedLabel, boolean flipped) {}

  private final double fraction;
  private final long seed;

  public LabelNoise(double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("--fraction must be in [0, 1), got " + fraction);
    }
    this.fraction = fraction;
    this.seed = seed;
  }

  public double fraction() {
    return fraction;
  }

  public long seed() {
    return seed;
  }

  /** The injection's default name, {@code noise-f<fraction>-s<seed>}, e.g. {@code noise-f0.1-s7}. */
  public String defaultName() {
    return "noise-f" + BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString() + "-s" + seed;
  }

  /** How many of n labelled samples are flipped: round(fraction * n), halves up. */
  public long flipCount(long n) {
    if (n < 0) throw new IllegalArgumentException("sample count must be >= 0, got " + n);
    return Math.round(fraction * n);
  }

  /** The rank key of a crop, in [0, 2^63): the flipped crops are those of the smallest keys. */
  public long rank(String cropId) {
    return digest(cropId).getLong(0) >>> 1;
  }

  /**
   * The label a flipped crop gets: uniform over the classes other than {@code original}, drawn from the hash of
   * (seed, crop id). {@code classes} must be sorted, distinct, hold {@code original} and at least one other class.
   */
  public String flippedLabel(String cropId, String original, List<String> classes) {
    int index = java.util.Collections.binarySearch(classes, original);
    if (index < 0) throw new IllegalArgumentException("label '" + original + "' of crop " + cropId + " is not a class");
    if (classes.size() < 2) {
      throw new IllegalArgumentException("cannot flip a label: '" + original + "' is the only class");
    }
    // 64 random bits modulo (classes - 1): the bias is below classes / 2^64, far beneath any measurable effect.
    int draw = (int) Long.remainderUnsigned(digest(cropId).getLong(8), classes.size() - 1);
    return classes.get(draw < index ? draw : draw + 1);
  }

  /** The sorted, distinct classes of some labels. */
  public static List<String> classes(Collection<String> labels) {
    return List.copyOf(new TreeSet<>(labels));
  }

  /**
   * The reference implementation over an in-memory map of crop id to label (no nulls): every crop with its original
   * and injected label, in crop id order.
   */
  public List<Injected> inject(Map<String, String> labelsByCrop) {
    List<String> classes = classes(labelsByCrop.values());
    long flips = flipCount(labelsByCrop.size());
    if (flips > 0 && classes.size() < 2) {
      throw new IllegalArgumentException("cannot flip labels: all " + labelsByCrop.size()
          + " labelled crops are class '" + classes.get(0) + "'");
    }
    List<Keyed> keyed = new ArrayList<>(labelsByCrop.size());
    for (String cropId : labelsByCrop.keySet()) keyed.add(new Keyed(rank(cropId), cropId));
    keyed.sort(FLIP_ORDER);
    TreeMap<String, Boolean> flipped = new TreeMap<>();
    for (int i = 0; i < keyed.size(); i++) flipped.put(keyed.get(i).cropId(), i < flips);
    List<Injected> out = new ArrayList<>(flipped.size());
    for (Map.Entry<String, Boolean> crop : flipped.entrySet()) {
      String original = labelsByCrop.get(crop.getKey());
      String injected = crop.getValue() ? flippedLabel(crop.getKey(), original, classes) : original;
      out.add(new Injected(crop.getKey(), original, injected, crop.getValue()));
    }
    return out;
  }

  private ByteBuffer digest(String cropId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
      sha.update(cropId.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
