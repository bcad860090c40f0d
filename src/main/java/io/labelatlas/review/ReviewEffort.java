package io.labelatlas.review;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How many actions a simulated review needed to reach a level: interpolated linearly between the last measured point
 * below the level and the first at or above it (the simulation measures at steps about 26% apart).
 */
public final class ReviewEffort {
  private ReviewEffort() {}

  /** Actions at which the accuracy reached {@code level}; -1 when it never did. */
  public static double toAccuracy(List<ReviewSimulation.Point> points, double level) {
    return first(points, ReviewSimulation.Point::accuracy, level);
  }

  /** Actions at which {@code level} of the initially wrong labels were right; -1 when never. */
  public static double toFixed(List<ReviewSimulation.Point> points, double level) {
    return first(points, ReviewSimulation.Point::wrongFixed, level);
  }

  private static double first(List<ReviewSimulation.Point> points, ToDoubleFunction<ReviewSimulation.Point> value,
      double level) {
    for (int i = 0; i < points.size(); i++) {
      double reached = value.applyAsDouble(points.get(i));
      if (reached < level) continue;
      if (i == 0) return points.get(0).actions();
      ReviewSimulation.Point before = points.get(i - 1);
      double from = value.applyAsDouble(before);
      double share = (level - from) / (reached - from);
      return before.actions() + share * (points.get(i).actions() - before.actions());
    }
    return -1;
  }
}
