package io.labelatlas.review;

/** A decision that cannot be applied as asked (an unknown cluster or crop, a missing label): the reviewer's mistake. */
public final class DecisionException extends RuntimeException {
  public DecisionException(String message) {
    super(message);
  }
}
