package io.labelatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.labelatlas.config.JobConfig;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ImageSourcesTest {
  @Test
  void everyInputKindTheConfigAcceptsHasASource() {
    assertEquals(new HashSet<>(JobConfig.INPUT_KINDS), ImageSources.SOURCES.keySet());
  }
}
