package io.labelatlas.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The LabelAtlas version recorded with every run, from the build's {@code labelatlas-version.properties}. */
public final class CodeVersion {
  private static final String VERSION = load();

  private CodeVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = CodeVersion.class.getResourceAsStream("/labelatlas-version.properties")) {
      if (in == null) return "dev";
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
