package io.labelatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.config.ConfigException;
import io.labelatlas.config.JobConfigLoader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code crop.resize}: letterbox keeps the aspect ratio; fixed_scale makes a pixel the same size in every crop. */
class CropResizeTest {
  /** A grey image whose value is x + 2y, so every window has distinct content. */
  private static Raster ramp(int width, int height) {
    float[] data = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) data[y * width + x] = (x + 2 * y) % 256;
    }
    return new Raster(width, height, 1, data);
  }

  private static CropSettings settings(CropResize resize, int window) {
    return new CropSettings(0, 1, 1.0, 32, resize, window);
  }

  @Test
  void letterboxKeepsTheAspectRatioAndPadsWithTheMean() {
    // A 40 x 20 window of half 0, half 200: scaled to 32 x 16, centred on rows 8..23, the rest the mean, 100.
    float[] data = new float[40 * 20];
    for (int y = 0; y < 20; y++) for (int x = 20; x < 40; x++) data[y * 40 + x] = 200;
    CropResult result = MarginCropper.cut(new Raster(40, 20, 1, data), new Box(0, 0, 40, 20),
        settings(CropResize.LETTERBOX, 128));
    Raster out = result.raster();
    assertEquals(32, out.width());
    assertEquals(32, out.height());
    for (int x = 0; x < 32; x++) {
      assertEquals(100, out.get(x, 0, 0), 1e-3, "padding above");
      assertEquals(100, out.get(x, 31, 0), 1e-3, "padding below");
    }
    assertEquals(0, out.get(2, 15, 0), 1e-3);
    assertEquals(200, out.get(29, 15, 0), 1e-3);
    assertEquals(new Box(0, 0, 40, 20), result.window());
  }

  @Test
  void fixedScaleCutsTheSameWindowWhateverTheBoxSize() {
    Raster image = ramp(200, 200);
    CropSettings fixed = settings(CropResize.FIXED_SCALE, 64);
    CropResult small = MarginCropper.cut(image, new Box(95, 95, 105, 105), fixed);
    CropResult large = MarginCropper.cut(image, new Box(80, 80, 120, 120), fixed);
    assertEquals(new Box(68, 68, 132, 132), small.window());
    assertEquals(small.window(), large.window());
    assertArrayEquals(small.raster().data(), large.raster().data(), "same centre, same pixels");
    CropSettings stretch = settings(CropResize.STRETCH, 128);
    assertFalse(Arrays.equals(MarginCropper.cut(image, new Box(95, 95, 105, 105), stretch).raster().data(),
        MarginCropper.cut(image, new Box(80, 80, 120, 120), stretch).raster().data()),
        "stretched, the two boxes magnify the texture differently");
  }

  @Test
  void fixedScaleWindowsStayInsideTheImageAndSayWhenTheBoxIsLarger() {
    Raster image = ramp(200, 150);
    assertEquals(new Box(0, 0, 64, 64), MarginCropper.cut(image, new Box(5, 5, 15, 15),
        settings(CropResize.FIXED_SCALE, 64)).window());
    assertEquals(new Box(136, 86, 200, 150), MarginCropper.cut(image, new Box(190, 140, 199, 149),
        settings(CropResize.FIXED_SCALE, 64)).window());
    CropResult big = MarginCropper.cut(image, new Box(10, 10, 110, 40), settings(CropResize.FIXED_SCALE, 64));
    assertEquals(64, big.window().width());
    assertTrue(big.note().contains("box 100x30 is larger than crop.window 64"), big.note());
  }

  @Test
  void anImageSmallerThanTheWindowKeepsTheScaleAndIsPadded() {
    // 50 x 50 image, 64-pixel window: the whole image at 32/64 = half size, 25 x 25, centred on the 32 square.
    CropResult result = MarginCropper.cut(ramp(50, 50), new Box(20, 20, 30, 30), settings(CropResize.FIXED_SCALE, 64));
    assertEquals(new Box(0, 0, 50, 50), result.window());
    Raster out = result.raster();
    float pad = out.get(0, 0, 0);
    assertEquals(pad, out.get(31, 31, 0), 1e-6);
    // The 25-wide image sits in columns 3..27: column 2 and 28 are padding, the ramp runs in between.
    assertEquals(pad, out.get(2, 16, 0), 1e-6);
    assertEquals(pad, out.get(28, 16, 0), 1e-6);
    assertTrue(out.get(27, 16, 0) - out.get(3, 16, 0) > 40, "the ramp across the image");
  }

  @Test
  void jobSettingsChooseTheModeAndRefuseAStrayWindow() {
    String input = "input: {kind: folders, path: /data}\n";
    var crop = JobConfigLoader.fromYaml(input + "crop: {resize: fixed_scale, window: 96}\n", List.of()).config().crop();
    assertEquals("fixed_scale", crop.resize());
    assertEquals(96, crop.window());
    assertEquals("stretch", JobConfigLoader.fromYaml(input, List.of()).config().crop().resize());
    ConfigException stray = assertThrows(ConfigException.class,
        () -> JobConfigLoader.fromYaml(input + "crop: {window: 96}\n", List.of()));
    assertTrue(stray.getMessage().contains("'crop.window' is set, but crop.resize is 'stretch'"), stray.getMessage());
    assertEquals("fixed_scale(window=96)", new CropSettings(10, 32, 1.0, 224, CropResize.FIXED_SCALE, 96)
        .describeResize());
    assertEquals("whole", CropSettings.DEFAULTS.describeResize(), "stretch keeps the key cached vectors carry");
  }
}
