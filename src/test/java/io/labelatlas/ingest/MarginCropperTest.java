package io.labelatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarginCropperTest {

  // -- Box ------------------------------------------------------------------------------------------------------------

  @Test
  void boxIsHalfOpenAndVocIsOneBasedInclusive() {
    Box box = new Box(10, 20, 30, 25);
    assertEquals(20, box.width());
    assertEquals(5, box.height());
    assertEquals(100, box.area());
    // VOC xmin=1..xmax=10 covers the first ten pixels.
    assertEquals(new Box(0, 0, 10, 10), Box.fromVoc(1, 1, 10, 10));
    assertEquals(10, Box.fromVoc(1, 1, 10, 10).width());
  }

  @Test
  void boxFitReportsEachProblem() {
    assertTrue(new Box(5, 5, 20, 20).fitTo(100, 50).isAccepted());
    assertFalse(new Box(5, 5, 20, 20).fitTo(100, 50).isClamped());

    Box.Fit zero = new Box(5, 5, 5, 20).fitTo(100, 50);
    assertFalse(zero.isAccepted());
    assertTrue(zero.rejection().startsWith("zero or negative area box [5,5,5,20)"), zero.rejection());
    assertFalse(new Box(9, 5, 3, 20).fitTo(100, 50).isAccepted());

    Box.Fit outside = new Box(120, 5, 140, 20).fitTo(100, 50);
    assertFalse(outside.isAccepted());
    assertEquals("box [120,5,140,20) is entirely outside the 100x50 image", outside.rejection());
    assertFalse(new Box(-30, 0, 0, 10).fitTo(100, 50).isAccepted(), "touching the left edge is still outside");

    Box.Fit partial = new Box(90, -5, 110, 20).fitTo(100, 50);
    assertTrue(partial.isAccepted());
    assertTrue(partial.isClamped());
    assertEquals(new Box(90, 0, 100, 20), partial.box());
    assertTrue(partial.note().contains("partly outside the 100x50 image; clamped to [90,0,100,20)"), partial.note());
  }

  // -- crop window ----------------------------------------------------------------------------------------------------

  @Test
  void marginIsAddedOnEverySide() {
    assertEquals(new Box(40, 50, 90, 110), window(200, 200, new Box(50, 60, 80, 100), 10, 1));
    assertEquals(new Box(50, 60, 80, 100), window(200, 200, new Box(50, 60, 80, 100), 0, 1));
  }

  @Test
  void marginIsClampedAtTheImageEdges() {
    assertEquals(new Box(0, 0, 40, 50), window(200, 200, new Box(2, 3, 30, 40), 10, 1));
    assertEquals(new Box(150, 160, 200, 200), window(200, 200, new Box(160, 170, 198, 200), 10, 1));
  }

  @Test
  void smallBoxesGrowSymmetricallyToTheMinimumSize() {
    assertEquals(new Box(86, 86, 118, 118), window(200, 200, new Box(100, 100, 104, 104), 0, 32));
    assertEquals(new Box(86, 86, 118, 118), window(200, 200, new Box(100, 100, 104, 104), 10, 32));
    // 27 extra pixels: 13 on the left, 14 on the right.
    assertEquals(new Box(87, 100, 119, 140), window(200, 200, new Box(100, 100, 105, 140), 0, 32));
    // Only the short axis grows.
    assertEquals(new Box(40, 84, 160, 116), window(200, 200, new Box(50, 98, 150, 102), 10, 32));
  }

  @Test
  void grownWindowsShiftBackInsideTheImage() {
    assertEquals(new Box(0, 0, 32, 32), window(200, 200, new Box(0, 0, 4, 4), 0, 32));
    assertEquals(new Box(168, 168, 200, 200), window(200, 200, new Box(196, 196, 200, 200), 0, 32));
    assertEquals(new Box(0, 168, 32, 200), window(200, 200, new Box(1, 197, 3, 199), 10, 32));
  }

  @Test
  void minimumSizeStopsAtTheImageSize() {
    assertEquals(new Box(0, 0, 20, 12), window(20, 12, new Box(5, 5, 10, 7), 2, 32));
  }

  @Test
  void nullBoxMeansTheWholeImage() {
    assertEquals(new Box(0, 0, 300, 100), window(300, 100, null, 10, 32));
  }

  @Test
  void rejectedBoxesGiveNoWindow() {
    Box.Fit outside = MarginCropper.window(100, 100, new Box(100, 10, 120, 30), 10, 32);
    assertFalse(outside.isAccepted());
    assertTrue(outside.rejection().contains("entirely outside"), outside.rejection());
    Box.Fit zero = MarginCropper.window(100, 100, new Box(10, 10, 40, 10), 10, 32);
    assertFalse(zero.isAccepted());
    assertTrue(zero.rejection().contains("zero or negative area"), zero.rejection());
  }

  // -- cut ------------------------------------------------------------------------------------------------------------

  @Test
  void cutReturnsAResizedCropAndItsWindow() {
    Raster image = ramp(120, 80, 3);
    CropResult result = MarginCropper.cut(image, new Box(30, 20, 60, 30), CropSettings.DEFAULTS);
    assertTrue(result.isAccepted());
    assertEquals(new Box(20, 9, 70, 41), result.window());
    assertEquals(224, result.raster().width());
    assertEquals(224, result.raster().height());
    assertEquals(3, result.raster().channels());
    assertNull(result.note());
    assertNull(result.rejection());
  }

  @Test
  void cutReportsClampingAndRejections() {
    Raster image = Raster.filled(100, 100, 1, 50f);
    CropResult clamped = MarginCropper.cut(image, new Box(90, 90, 120, 95), CropSettings.DEFAULTS);
    assertTrue(clamped.isAccepted());
    assertTrue(clamped.note().contains("clamped"), clamped.note());

    CropResult outside = MarginCropper.cut(image, new Box(-50, 0, -10, 20), CropSettings.DEFAULTS);
    assertFalse(outside.isAccepted());
    assertNull(outside.raster());
    assertTrue(outside.rejection().contains("entirely outside the 100x100 image"), outside.rejection());

    CropResult whole = MarginCropper.cut(image, null, CropSettings.DEFAULTS.withSize(64));
    assertEquals(new Box(0, 0, 100, 100), whole.window());
    assertEquals(64, whole.raster().width());
  }

  // -- gamma ----------------------------------------------------------------------------------------------------------

  @Test
  void gammaMapsThroughThePowerCurveAndKeepsTheEnds() {
    Raster r = new Raster(4, 1, 1, new float[] {0f, 63.75f, 127.5f, 255f});
    Raster g = MarginCropper.gamma(r, 1.2);
    assertEquals(0f, g.get(0, 0, 0), 0f);
    assertEquals(255 * Math.pow(0.25, 1.2), g.get(1, 0, 0), 1e-3);
    assertEquals(255 * Math.pow(0.5, 1.2), g.get(2, 0, 0), 1e-3);
    assertEquals(255f, g.get(3, 0, 0), 1e-4);
    assertTrue(MarginCropper.gamma(r, 0.9).get(2, 0, 0) > 127.5f, "gamma below 1 brightens mid-tones");
    assertSame(r, MarginCropper.gamma(r, 1.0));
  }

  // -- resize ---------------------------------------------------------------------------------------------------------

  @Test
  void resizingAConstantImageKeepsItConstant() {
    for (int[] size : new int[][] {{50, 30}, {400, 300}, {224, 10}, {7, 500}}) {
      Raster out = MarginCropper.resize(Raster.filled(size[0], size[1], 3, 173.25f), 224, 224);
      for (float v : out.data()) assertEquals(173.25f, v, 1e-3, "from " + size[0] + "x" + size[1]);
    }
  }

  @Test
  void resizingKeepsALinearRampLinearAwayFromTheEdges() {
    for (int width : new int[] {60, 100, 500, 1000}) {
      float step = 255f / width;
      Raster out = MarginCropper.resize(ramp(width, 9, 1, step), 224, 5);
      double scale = (double) width / 224;
      // Exact for upscaling; when shrinking, the triangle sampled at whole pixels is slightly lopsided, as in Pillow.
      int margin = (int) Math.ceil(2 * Math.max(1, scale) / scale) + 1;
      for (int x = margin; x < 224 - margin; x++) {
        double source = (x + 0.5) * scale - 0.5;
        assertEquals(source * step, out.get(x, 2, 0), (scale > 1 ? 0.1 : 1e-4) * step, width + " -> 224 at x=" + x);
      }
    }
  }

  @Test
  void resizingToTheSameSizeIsTheIdentity() {
    Raster r = ramp(17, 9, 3);
    assertSame(r, MarginCropper.resize(r, 17, 9));
  }

  @Test
  void downscalingAveragesAwayAPixelGrid() {
    // A 1-pixel checkerboard shrunk 4x: area-aware filters give flat grey, plain bilinear sampling would alias.
    float[] data = new float[64 * 64];
    for (int i = 0; i < data.length; i++) data[i] = ((i % 64 + i / 64) % 2) * 255f;
    Raster out = MarginCropper.resize(new Raster(64, 64, 1, data), 16, 16);
    for (float v : out.data()) assertEquals(127.5f, v, 1.0f);
  }

  /**
   * Golden comparison with Pillow on float ("F" mode) images, where Pillow neither rounds nor clips between passes:
   * {@code Image.frombytes("F", size, raw).resize(target, Image.BILINEAR).tobytes()}, run at test time; skipped
   * without python3 and PIL.
   */
  @Test
  void resizeMatchesPillowBilinear(@TempDir Path dir) throws Exception {
    ImageDecoderTest.assumePillow();
    int[][] cases = {{37, 23, 224, 224}, {500, 300, 224, 224}, {300, 40, 224, 224}, {50, 50, 16, 100}};
    for (int[] c : cases) {
      Raster in = pseudoRandom(c[0], c[1], c[0] * 31 + c[1]);
      ByteBuffer raw = ByteBuffer.allocate(in.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : in.data()) raw.putFloat(v);
      Path input = dir.resolve("in.f32");
      Path output = dir.resolve("out.f32");
      Files.write(input, raw.array());
      ImageDecoderTest.python(String.join("\n",
              "import sys",
              "from PIL import Image",
              "w, h, tw, th = map(int, sys.argv[3:7])",
              "im = Image.frombytes('F', (w, h), open(sys.argv[1], 'rb').read(), 'raw', 'F;32F')",
              "open(sys.argv[2], 'wb').write(im.resize((tw, th), Image.BILINEAR).tobytes('raw', 'F;32F'))"),
          input.toString(), output.toString(), "" + c[0], "" + c[1], "" + c[2], "" + c[3]);
      ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(output)).order(ByteOrder.LITTLE_ENDIAN);
      Raster actual = MarginCropper.resize(in, c[2], c[3]);
      assertEquals(c[2] * c[3] * 4, expected.capacity());
      for (int i = 0; i < actual.data().length; i++) {
        assertEquals(expected.getFloat(4 * i), actual.data()[i], 1e-3, c[0] + "x" + c[1] + " value " + i);
      }
    }
  }

  // -- settings -------------------------------------------------------------------------------------------------------

  @Test
  void settingsDefaults() {
    CropSettings d = CropSettings.DEFAULTS;
    assertEquals(10, d.margin());
    assertEquals(32, d.minSize());
    assertEquals(1.0, d.gamma());
    assertEquals(224, d.size());
  }

  @Test
  void settingsRejectionsNameTheKey() {
    assertRejected("crop.margin", () -> new CropSettings(-1, 32, 1.0, 224));
    assertRejected("crop.margin", () -> new CropSettings(65, 32, 1.0, 224));
    assertRejected("crop.min_size", () -> new CropSettings(10, 0, 1.0, 224));
    assertRejected("crop.min_size", () -> new CropSettings(10, 225, 1.0, 224));
    assertRejected("crop.gamma", () -> new CropSettings(10, 32, 0.89, 224));
    assertRejected("crop.gamma", () -> new CropSettings(10, 32, 1.21, 224));
    assertRejected("crop.gamma", () -> new CropSettings(10, 32, Double.NaN, 224));
    assertRejected("crop.size", () -> new CropSettings(10, 8, 1.0, 15));
    new CropSettings(0, 1, 0.9, 16);
    new CropSettings(64, 224, 1.2, 224);
  }

  private static void assertRejected(String key, Runnable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
    assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
  }

  // -- helpers --------------------------------------------------------------------------------------------------------

  private static Box window(int width, int height, Box box, int margin, int minSize) {
    Box.Fit fit = MarginCropper.window(width, height, box, margin, minSize);
    assertTrue(fit.isAccepted(), fit.rejection());
    return fit.box();
  }

  /** {@code step * x} in every channel of column x. */
  private static Raster ramp(int width, int height, int channels, float step) {
    float[] data = new float[width * height * channels];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < channels; c++) data[(y * width + x) * channels + c] = x * step;
      }
    }
    return new Raster(width, height, channels, data);
  }

  private static Raster ramp(int width, int height, int channels) {
    return ramp(width, height, channels, 1f);
  }

  private static Raster pseudoRandom(int width, int height, long seed) {
    Random rnd = new Random(seed);
    float[] data = new float[width * height];
    for (int i = 0; i < data.length; i++) data[i] = 255f * rnd.nextFloat();
    return new Raster(width, height, 1, data);
  }
}
