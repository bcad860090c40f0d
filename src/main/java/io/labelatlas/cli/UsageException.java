package io.labelatlas.cli;

/** A command line that cannot be run; the message says which argument and why. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
