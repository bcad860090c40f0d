package io.labelatlas.ingest;

/**
 * An input that could not be turned into a {@link Raster}. It is checked because a bad file is an expected outcome
 * that belongs in the errors table, not a crash: {@link #reason()} is the text for that table, {@link #kind()} the
 * column to group by, and the message names the source as well.
 */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Broad classes of failure, for grouping an errors table. */
  public enum Kind {
    EMPTY,
    NOT_AN_IMAGE,
    UNSUPPORTED_FORMAT,
    CORRUPT,
    TOO_LARGE
  }

  private final String sourceName;
  private final Kind kind;
  private final String reason;

  public ImageDecodeException(String sourceName, Kind kind, String reason) {
    this(sourceName, kind, reason, null);
  }

  public ImageDecodeException(String sourceName, Kind kind, String reason, Throwable cause) {
    super(sourceName + ": " + reason, cause);
    this.sourceName = sourceName;
    this.kind = kind;
    this.reason = reason;
  }

  public String sourceName() {
    return sourceName;
  }

  public Kind kind() {
    return kind;
  }

  /** Why the input was refused, without the source name, e.g. {@code "zero-byte file"}. */
  public String reason() {
    return reason;
  }
}
