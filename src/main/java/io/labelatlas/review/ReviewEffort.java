package io.labelatlas.review;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** How many actions a simulated review needed to reach a level: the first measured point at or above it. */
public final class ReviewEffort {
  private ReviewEffort() {}

  /** Actions at the first point whose accuracy is at least {@code level}; -1 when never reached. */
  public static long toAccuracy(List<ReviewSimulation.Point> points, double level) {
    return first(points, ReviewSimulation.Point::accuracy, level);
  }

  /** Actions at the first point where at least {@code level} of the initially wrong labels are right; -1 if never. */
  public static long toFixed(List<ReviewSimulation.Point> points, double level) {
    return first(points, ReviewSimulation.Point::wrongFixed, level);
  }

  private static long first(List<ReviewSimulation.Point> points, ToDoubleFunction<ReviewSimulation.Point> value,
      double level) {
    for (ReviewSimulation.Point point : points) {
      if (value.applyAsDouble(point) >= level) return point.actions();
    }
    return -1;
  }
}
