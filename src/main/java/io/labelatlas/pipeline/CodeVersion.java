package io.labelatlas.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The LabelAtlas version recorded with every run and hashed into run ids: the project version plus the git commit the
 * build came from ({@code -dirty} when it had uncommitted changes), from the build's
 * {@code labelatlas-version.properties}.
 */
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
      String version = properties.getProperty("version", "dev");
      String commit = properties.getProperty("commit", "");
      // Outside a git checkout the build leaves the placeholder unresolved.
      return commit.isBlank() || commit.contains("${") ? version : version + "+" + commit;
    } catch (IOException e) {
      return "dev";
    }
  }
}
