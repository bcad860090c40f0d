package io.labelatlas.config;

/** A job file, profile or command-line setting that cannot be used; the message names the setting and the reason. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
