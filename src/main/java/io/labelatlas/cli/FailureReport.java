package io.labelatlas.cli;

import io.labelatlas.config.ConfigException;
import io.labelatlas.review.DecisionException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/**
 * How a failed command reads on the console. A user's mistake (bad usage, a bad setting, a column or table Spark cannot
 * resolve, a query that does not parse, a missing file) is one {@code error:} message, a hint where there is one, and
 * exit code 2; its stack trace only with {@code --verbose}. Anything else is an internal error: the message, the stack
 * trace and exit code 1.
 */
final class FailureReport {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 1;

  private FailureReport() {}

  /** Prints the failure to {@code err} and returns the exit code. */
  static int print(Throwable failure, boolean verbose, PrintStream err) {
    Throwable userCause = userCause(failure);
    if (userCause == null) {
      err.println("error: " + firstLine(failure.getMessage()) + causeNote(failure, rootCause(failure)));
      if (System.getenv("LABELATLAS_QUIET_ERRORS") == null) failure.printStackTrace(err);
      return INTERNAL_ERROR;
    }
    if (userCause == failure) {
      err.println("error: " + message(failure));
    } else {
      err.println("error: " + firstLine(failure.getMessage()) + causeNote(failure, userCause));
    }
    String hint = failure instanceof UsageException usage ? usage.hint() : null;
    if (hint != null) err.println("hint: " + hint);
    if (verbose) {
      failure.printStackTrace(err);
    } else if (failure.getCause() != null || !(failure instanceof UsageException || failure instanceof ConfigException
        || failure instanceof DecisionException)) {
      err.println("(run with --verbose for the stack trace)");
    }
    return USER_ERROR;
  }

  /**
   * The failure itself when it is a user's mistake, else the first such cause (Spark wraps a missing file in its own
   * exceptions); null for internal errors. Our own NullPointerException or IllegalStateException is internal whatever
   * it wraps.
   */
  static Throwable userCause(Throwable failure) {
    if (failure instanceof NullPointerException || failure instanceof IllegalStateException
        || failure instanceof Error) {
      return null;
    }
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isUserError(t)) return t;
    }
    return null;
  }

  private static boolean isUserError(Throwable t) {
    if (t instanceof AnalysisException analysis) return !analysis.isInternalError();
    return t instanceof UsageException || t instanceof ConfigException || t instanceof DecisionException
        || t instanceof FileNotFoundException
        || t instanceof NoSuchFileException;
  }

  /**
   * The message to show: Spark's analysis errors without the query plan some of them append; a parse error in full,
   * since its lines point at the offending token.
   */
  static String message(Throwable failure) {
    if (failure instanceof AnalysisException analysis && !(failure instanceof ParseException)) {
      return analysis.getSimpleMessage();
    }
    if (failure instanceof NoSuchFileException missing) return "no such file: " + missing.getMessage();
    return failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
  }

  private static String causeNote(Throwable failure, Throwable cause) {
    return cause == failure ? "" : " (cause: " + firstLine(cause instanceof AnalysisException || cause
        instanceof NoSuchFileException ? message(cause) : cause.toString()) + ")";
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root;
  }

  static String firstLine(String text) {
    if (text == null) return "";
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
