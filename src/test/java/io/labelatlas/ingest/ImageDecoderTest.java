package io.labelatlas.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.labelatlas.ingest.ImageDecodeException.Kind;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  private static final int W = 13;
  private static final int H = 7;

  // -- lossless formats: the decoded values are exactly the stored ones ---------------------------------------------

  @Test
  void grey8PngGivesStoredValues() throws Exception {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    fill(image, (x, y, c) -> (x * 19 + y * 7) % 256);
    Raster r = ImageDecoder.decode(write(image, "png"), "grey8.png");
    assertRaster(r, 1, (x, y, c) -> (x * 19 + y * 7) % 256);
  }

  @Test
  void grey16PngIsScaledBy257() throws Exception {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    fill(image, (x, y, c) -> (x * 5003 + y * 977) % 65536);
    Raster r = ImageDecoder.decode(write(image, "png"), "grey16.png");
    assertRaster(r, 1, (x, y, c) -> ((x * 5003 + y * 977) % 65536) / 257.0);
    assertEquals(255f, decodeSingle(BufferedImage.TYPE_USHORT_GRAY, 65535), 0f);
  }

  @Test
  void rgbPngGivesStoredValues() throws Exception {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    fill(image, ImageDecoderTest::colour);
    assertRaster(ImageDecoder.decode(write(image, "png"), "rgb.png"), 3, ImageDecoderTest::colour);
  }

  @Test
  void rgb16PngIsScaledBy257() throws Exception {
    ComponentColorModel cm = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    BufferedImage image = new BufferedImage(cm, cm.createCompatibleWritableRaster(W, H), false, null);
    fill(image, (x, y, c) -> colour(x, y, c) * 257 + c);
    assertRaster(ImageDecoder.decode(write(image, "png"), "rgb16.png"), 3, (x, y, c) -> colour(x, y, c) + c / 257.0);
  }

  @Test
  void alphaIsDroppedWithoutCompositing() throws Exception {
    BufferedImage rgba = new BufferedImage(W, H, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int alpha = (x * 40) % 256;
        rgba.setRGB(x, y, alpha << 24 | colour(x, y, 0) << 16 | colour(x, y, 1) << 8 | colour(x, y, 2));
      }
    }
    assertRaster(ImageDecoder.decode(write(rgba, "png"), "rgba.png"), 3, ImageDecoderTest::colour);

    ComponentColorModel greyAlpha = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    BufferedImage la = new BufferedImage(greyAlpha, greyAlpha.createCompatibleWritableRaster(W, H), false, null);
    fill(la, (x, y, c) -> c == 0 ? x * 10 + y : 255 - x * 10);
    assertRaster(ImageDecoder.decode(write(la, "png"), "la.png"), 1, (x, y, c) -> x * 10 + y);
  }

  @Test
  void palettePngUsesPaletteColoursAndGreyPalettesStayGrey() throws Exception {
    byte[] r = {0, (byte) 200, 10, (byte) 255};
    byte[] g = {0, 100, 20, (byte) 255};
    byte[] b = {0, 50, 30, (byte) 255};
    BufferedImage colourful =
        new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, r, g, b));
    fill(colourful, (x, y, c) -> (x + y) % 4);
    Raster decoded = ImageDecoder.decode(write(colourful, "png"), "palette.png");
    assertRaster(decoded, 3, (x, y, c) -> new byte[][] {r, g, b}[c][(x + y) % 4] & 0xFF);

    byte[] grey = {0, 85, (byte) 170, (byte) 255};
    BufferedImage greyPalette =
        new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 4, grey, grey, grey));
    fill(greyPalette, (x, y, c) -> (x + 2 * y) % 4);
    assertRaster(ImageDecoder.decode(write(greyPalette, "png"), "greypal.png"), 1, (x, y, c) -> 85 * ((x + 2 * y) % 4));

    BufferedImage bilevel = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_BINARY);
    fill(bilevel, (x, y, c) -> (x + y) % 2);
    assertRaster(ImageDecoder.decode(write(bilevel, "png"), "1bit.png"), 1, (x, y, c) -> 255 * ((x + y) % 2));
  }

  @Test
  void bmpGivesStoredValues() throws Exception {
    BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
    fill(rgb, ImageDecoderTest::colour);
    assertRaster(ImageDecoder.decode(write(rgb, "bmp"), "rgb.bmp"), 3, ImageDecoderTest::colour);

    BufferedImage grey = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    fill(grey, (x, y, c) -> x * 17 + y);
    assertRaster(ImageDecoder.decode(write(grey, "bmp"), "grey.bmp"), 1, (x, y, c) -> x * 17 + y);
  }

  @Test
  void tiffGivesStoredValuesFor8And16Bit() throws Exception {
    BufferedImage rgb = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
    fill(rgb, ImageDecoderTest::colour);
    byte[] tiff = write(rgb, "tiff");
    assertEquals(ImageDecoder.Format.TIFF, ImageDecoder.detectFormat(tiff, "rgb.tif"));
    assertRaster(ImageDecoder.decode(tiff, "rgb.tif"), 3, ImageDecoderTest::colour);

    BufferedImage grey16 = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    fill(grey16, (x, y, c) -> x * 4000 + y * 257);
    Raster decoded = ImageDecoder.decode(write(grey16, "tiff"), "grey16.tif");
    assertRaster(decoded, 1, (x, y, c) -> (x * 4000 + y * 257) / 257.0);
  }

  // -- JPEG: values as libjpeg decodes them, with no colour management on top ----------------------------------------

  @Test
  void greyJpegGivesTheDecodedSamplesOnOneChannel() throws Exception {
    BufferedImage grey = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    fill(grey, (x, y, c) -> (x * 4 + y * 2) % 256);
    byte[] jpeg = write(grey, "jpeg");
    Raster r = ImageDecoder.decode(jpeg, "grey.jpg");
    assertEquals(1, r.channels());
    // readRaster is libjpeg's output before any ColorModel gets involved: the stored grey levels.
    java.awt.image.Raster stored = rawRaster(jpeg);
    assertRaster(r, 1, (x, y, c) -> stored.getSample(x, y, 0));
  }

  @Test
  void embeddedIccProfileIsIgnoredForRgbJpeg() throws Exception {
    BufferedImage rgb = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    fill(rgb, (x, y, c) -> colour(x, y, c));
    byte[] plain = write(rgb, "jpeg");
    byte[] tagged = withApp2IccProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
    // Guard that the test means something: ImageIO itself converts the tagged file to sRGB.
    assertNotEquals(ImageIO.read(new ByteArrayInputStream(plain)).getRGB(20, 20),
        ImageIO.read(new ByteArrayInputStream(tagged)).getRGB(20, 20));
    assertEquals(ImageDecoder.decode(plain, "plain.jpg"), ImageDecoder.decode(tagged, "tagged.jpg"));
    assertSame(plain, JpegIccSegments.removeFrom(plain));
  }

  /**
   * CMYK JPEG and grey JPEG against Pillow, which writes Adobe CMYK JPEGs the JDK cannot. Golden values come from
   * {@code Image.open(f).convert("RGB" or "L").tobytes()} in the same script; skipped without python3 and PIL.
   */
  @Test
  void cmykAndGreyJpegMatchPillow(@TempDir Path dir) throws Exception {
    assumePillow();
    String script = String.join("\n",
        "import sys",
        "from PIL import Image",
        "d = sys.argv[1]",
        "w, h = 48, 32",
        "cmyk = Image.new('CMYK', (w, h))",
        "cmyk.putdata([(x * 5 % 256, y * 8 % 256, x * y % 256, (x + y) * 2 % 256)",
        "              for y in range(h) for x in range(w)])",
        "cmyk.save(d + '/cmyk.jpg', quality=95)",
        "open(d + '/cmyk.rgb', 'wb').write(Image.open(d + '/cmyk.jpg').convert('RGB').tobytes())",
        "grey = Image.new('L', (w, h))",
        "grey.putdata([(x * 5 + y * 3) % 256 for y in range(h) for x in range(w)])",
        "grey.save(d + '/grey.jpg', quality=80)",
        "open(d + '/grey.l', 'wb').write(Image.open(d + '/grey.jpg').tobytes())");
    python(script, dir.toString());

    Raster cmyk = ImageDecoder.decode(Files.readAllBytes(dir.resolve("cmyk.jpg")), "cmyk.jpg");
    assertEquals(3, cmyk.channels());
    // Pillow rounds (255 - C)(255 - K) / 255 to an integer, this decoder keeps the fraction.
    assertClose(Files.readAllBytes(dir.resolve("cmyk.rgb")), cmyk.data(), 0.51);

    Raster grey = ImageDecoder.decode(Files.readAllBytes(dir.resolve("grey.jpg")), "grey.jpg");
    assertEquals(1, grey.channels());
    assertClose(Files.readAllBytes(dir.resolve("grey.l")), grey.data(), 0.0);
  }

  // -- failures -------------------------------------------------------------------------------------------------------

  @Test
  void zeroByteFile() {
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(new byte[0], "a.png"));
    assertEquals(Kind.EMPTY, e.kind());
    assertEquals("zero-byte file", e.reason());
    assertEquals("a.png: zero-byte file", e.getMessage());
    assertEquals("a.png", e.sourceName());
  }

  @Test
  void truncatedJpeg() throws Exception {
    BufferedImage rgb = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
    fill(rgb, (x, y, c) -> (x * 31 + y * 17 + c * 101) % 256);
    byte[] jpeg = write(rgb, "jpeg");
    for (int keep : new int[] {jpeg.length * 2 / 3, 120}) {
      ImageDecodeException e = assertThrows(
          ImageDecodeException.class, () -> ImageDecoder.decode(Arrays.copyOf(jpeg, keep), "cut.jpg"));
      assertEquals(Kind.CORRUPT, e.kind());
      assertTrue(e.reason().startsWith("truncated or corrupt JPEG: "), e.getMessage());
      assertTrue(e.getMessage().startsWith("cut.jpg: "), e.getMessage());
    }
  }

  @Test
  void truncatedPng() throws Exception {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
    fill(image, (x, y, c) -> (x * y) % 256);
    byte[] png = write(image, "png");
    ImageDecodeException e = assertThrows(
        ImageDecodeException.class, () -> ImageDecoder.decode(Arrays.copyOf(png, png.length / 2), "cut.png"));
    assertEquals(Kind.CORRUPT, e.kind());
    assertTrue(e.reason().startsWith("truncated or corrupt PNG: "), e.getMessage());
  }

  @Test
  void textFileIsNotAnImageWhateverItsName() {
    byte[] text = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(text, "fake.png"));
    assertEquals(Kind.NOT_AN_IMAGE, e.kind());
    assertEquals("not an image (no known signature: starts with 0x68656c6c6f2c2077, looks like text \"hello, w\")",
        e.reason());
    assertTrue(e.getMessage().startsWith("fake.png: "));

    ImageDecodeException tiny = assertThrows(
        ImageDecodeException.class, () -> ImageDecoder.decode(new byte[] {0x00, (byte) 0x9c}, "tiny.jpg"));
    assertTrue(tiny.reason().contains("0x009c, only 2 bytes"), tiny.reason());
  }

  @Test
  void gifIsRecognisedButUnsupported() throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_INDEXED);
    ImageDecodeException e = assertThrows(
        ImageDecodeException.class, () -> ImageDecoder.decode(write(image, "gif"), "anim.gif"));
    assertEquals(Kind.UNSUPPORTED_FORMAT, e.kind());
    assertEquals("unsupported format GIF (supported: JPEG, PNG, BMP, TIFF)", e.reason());
  }

  @Test
  void formatComesFromMagicBytesNotTheName() throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    byte[] png = write(image, "png");
    assertEquals(ImageDecoder.Format.PNG, ImageDecoder.detectFormat(png, "looks.jpg"));
    assertEquals(8, ImageDecoder.decode(png, "looks.jpg").width());
  }

  @Test
  void sha256Hex() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ImageDecoder.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rasterLumaUsesBt601Weights() {
    Raster rgb = new Raster(2, 1, 3, new float[] {255, 0, 0, 10, 200, 30});
    Raster grey = rgb.toGrey();
    assertEquals(1, grey.channels());
    assertEquals(0.299f * 255, grey.get(0, 0, 0), 1e-4);
    assertEquals(0.299f * 10 + 0.587f * 200 + 0.114f * 30, grey.get(1, 0, 0), 1e-4);
    assertSame(grey, grey.toGrey());
  }

  @Test
  void rasterRejectsInconsistentData() {
    assertThrows(IllegalArgumentException.class, () -> new Raster(2, 2, 2, new float[8]));
    assertThrows(IllegalArgumentException.class, () -> new Raster(2, 2, 1, new float[3]));
    assertThrows(IllegalArgumentException.class, () -> new Raster(0, 2, 1, new float[0]));
    assertThrows(IllegalArgumentException.class, () -> new Raster(1, 1, 1, new float[] {256f}));
    assertThrows(IllegalArgumentException.class, () -> new Raster(1, 1, 1, new float[] {Float.NaN}));
  }

  // -- helpers --------------------------------------------------------------------------------------------------------

  interface Pixel {
    double value(int x, int y, int c);
  }

  static int colour(int x, int y, int c) {
    return switch (c) {
      case 0 -> (x * 19 + 3) % 256;
      case 1 -> (y * 37 + 100) % 256;
      default -> (x * y * 5 + 7) % 256;
    };
  }

  private static void fill(BufferedImage image, Pixel pixel) {
    WritableRaster r = image.getRaster();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        for (int c = 0; c < r.getNumBands(); c++) r.setSample(x, y, c, (int) pixel.value(x, y, c));
      }
    }
  }

  private static void assertRaster(Raster r, int channels, Pixel expected) {
    assertEquals(channels, r.channels(), "channels");
    for (int y = 0; y < r.height(); y++) {
      for (int x = 0; x < r.width(); x++) {
        for (int c = 0; c < channels; c++) {
          double e = expected.value(x, y, c);
          assertEquals(e, r.get(x, y, c), 1e-4, "pixel (" + x + "," + y + ") channel " + c);
        }
      }
    }
  }

  private static void assertClose(byte[] expected, float[] actual, double tolerance) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < actual.length; i++) {
      assertEquals(expected[i] & 0xFF, actual[i], tolerance, "value " + i);
    }
  }

  private static float decodeSingle(int type, int sample) throws Exception {
    BufferedImage image = new BufferedImage(1, 1, type);
    image.getRaster().setSample(0, 0, 0, sample);
    return ImageDecoder.decode(write(image, "png"), "one.png").get(0, 0, 0);
  }

  static byte[] write(BufferedImage image, String format) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    assertTrue(writers.hasNext(), "no ImageIO writer for " + format);
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static java.awt.image.Raster rawRaster(byte[] jpeg) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try {
      reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
      return reader.readRaster(0, null);
    } finally {
      reader.dispose();
    }
  }

  /** The JPEG with an APP2 ICC_PROFILE segment (single chunk) inserted after SOI. */
  private static byte[] withApp2IccProfile(byte[] jpeg, byte[] profile) {
    byte[] tag = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + tag.length + 2 + profile.length;
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
    out.put(jpeg, 0, 2);
    out.put((byte) 0xFF).put((byte) 0xE2).putShort((short) length).put(tag).put((byte) 1).put((byte) 1).put(profile);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }

  static void assumePillow() throws Exception {
    boolean ok;
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import PIL").redirectErrorStream(true).start();
      ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      ok = false;
    }
    Assumptions.assumeTrue(ok, "skipped: /usr/bin/python3 with PIL is not available");
  }

  static String python(String script, String... args) throws Exception {
    String[] command = new String[3 + args.length];
    command[0] = "/usr/bin/python3";
    command[1] = "-c";
    command[2] = script;
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python failed:\n" + output);
    return output;
  }
}
