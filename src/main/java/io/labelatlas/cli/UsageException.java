package io.labelatlas.cli;

/**
 * A command line that cannot be run, or input the user must fix; the message says which argument and why, the
 * optional hint what to try instead. Printed without a stack trace (unless {@code --verbose}), exit code 2.
 */
final class UsageException extends RuntimeException {
  private final String hint;

  UsageException(String message) {
    this(message, null, null);
  }

  UsageException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** What to try instead, or null. */
  String hint() {
    return hint;
  }
}
