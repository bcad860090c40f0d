package io.labelatlas.ingest;

import io.labelatlas.ingest.ImageDecodeException.Kind;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns the bytes of a JPEG, PNG, BMP or TIFF file into a {@link Raster} of stored pixel values, the same values PIL's
 * {@code Image.open(...).convert("L" or "RGB")} gives, so that features computed here can be checked against Python.
 *
 * <p>The format comes from the magic bytes, never the file name. Grey sources (any bit depth, grey palettes included)
 * give one channel, everything else three; alpha is dropped without compositing, 16-bit samples are divided by 257 and
 * other depths scaled to 0..255. CMYK becomes RGB by PIL's formula {@code R = (255 - C)(255 - K) / 255} rather than
 * through an ICC profile. Embedded ICC profiles are ignored: ImageIO's JPEG readers would otherwise convert tagged RGB
 * to sRGB and return values that differ from the stored ones. EXIF orientation is not applied, so box coordinates
 * refer to the stored pixel grid.
 *
 * <p>The JDK's own reader for a format is tried first and registered plugins (TwelveMonkeys) after it, so a file that
 * the JDK reads decodes to the same values whether or not the plugins are on the classpath; the plugins rescue the
 * files the JDK rejects.
 *
 * <p>Size: about 340 lines; format sniffing, reader fallback and the colour-model conversions all serve one contract
 * (PIL's values) and are tested together against it.
 */
public final class ImageDecoder {

  /** Formats this decoder reads. */
  public enum Format {
    JPEG,
    PNG,
    BMP,
    TIFF
  }

  /** Larger images are refused before their pixels are allocated; a float RGB raster of this size is about 1.8 GB. */
  public static final long MAX_PIXELS = 150_000_000L;

  private static final String SUPPORTED = "JPEG, PNG, BMP, TIFF";

  static {
    // ImageIO's registry is filled once, from the class loader of whoever touched it first. Under Spark that can be
    // before the application jar (and the TwelveMonkeys plugins in it) is visible, so scan again from ours.
    ImageIO.scanForPlugins();
  }

  private ImageDecoder() {}

  /**
   * Decodes {@code bytes}; {@code sourceName} (a path or URI) is only used in error messages.
   *
   * @throws ImageDecodeException when the bytes are empty, not an image, of an unsupported format, corrupt or too large
   */
  public static Raster decode(byte[] bytes, String sourceName) throws ImageDecodeException {
    String source = sourceName == null ? "<unnamed>" : sourceName;
    if (bytes == null || bytes.length == 0) {
      throw new ImageDecodeException(source, Kind.EMPTY, "zero-byte file");
    }
    Format format = detectFormat(bytes, source);
    byte[] input = format == Format.JPEG ? JpegIccSegments.removeFrom(bytes) : bytes;

    List<String> failures = new ArrayList<>();
    List<ImageReader> readers = readersFor(format);
    try {
      for (ImageReader reader : readers) {
        try {
          return read(reader, input, format, source);
        } catch (ReadFailure failure) {
          failures.add(failure.getMessage());
        } catch (IOException | RuntimeException e) {
          failures.add(describe(e));
        }
      }
    } finally {
      readers.forEach(ImageReader::dispose);
    }
    if (failures.isEmpty()) {
      throw new ImageDecodeException(source, Kind.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format);
    }
    String detail = String.join("; ", new LinkedHashSet<>(failures));
    throw new ImageDecodeException(source, Kind.CORRUPT, "truncated or corrupt " + format + ": " + detail);
  }

  /**
   * The format named by the first bytes.
   *
   * @throws ImageDecodeException when the bytes are empty, belong to a known but unsupported format, or to none
   */
  public static Format detectFormat(byte[] bytes, String sourceName) throws ImageDecodeException {
    if (bytes.length == 0) throw new ImageDecodeException(sourceName, Kind.EMPTY, "zero-byte file");
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) return Format.JPEG;
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return Format.PNG;
    if (startsWith(bytes, 0, 'B', 'M')) return Format.BMP;
    if (startsWith(bytes, 0, 'I', 'I', 42, 0)
        || startsWith(bytes, 0, 'M', 'M', 0, 42)
        || startsWith(bytes, 0, 'I', 'I', 43, 0)
        || startsWith(bytes, 0, 'M', 'M', 0, 43)) {
      return Format.TIFF;
    }
    String unsupported = unsupportedFormat(bytes);
    if (unsupported != null) {
      throw new ImageDecodeException(
          sourceName, Kind.UNSUPPORTED_FORMAT, "unsupported format " + unsupported + " (supported: " + SUPPORTED + ")");
    }
    throw new ImageDecodeException(sourceName, Kind.NOT_AN_IMAGE, "not an image (" + signature(bytes) + ")");
  }

  /** Lower-case hex SHA-256 of {@code bytes}, the content key of a source image. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static String unsupportedFormat(byte[] b) {
    if (startsWith(b, 0, 'G', 'I', 'F', '8')) return "GIF";
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) return "WebP";
    if (startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'j', 'P', ' ', ' ') || startsWith(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
      return "JPEG 2000";
    }
    if (startsWith(b, 0, 0x00, 0x00, 0x00, 0x0C, 'J', 'X', 'L', ' ') || startsWith(b, 0, 0xFF, 0x0A)) return "JPEG XL";
    if (startsWith(b, 4, 'f', 't', 'y', 'p')) {
      String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.ISO_8859_1) : "";
      if (brand.startsWith("avi")) return "AVIF";
      if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
        return "HEIF";
      }
    }
    if (startsWith(b, 0, '8', 'B', 'P', 'S')) return "PSD";
    if (startsWith(b, 0, '%', 'P', 'D', 'F')) return "PDF";
    return null;
  }

  private static String signature(byte[] b) {
    int n = Math.min(8, b.length);
    String hex = HexFormat.of().formatHex(b, 0, n);
    String text = "";
    boolean printable = true;
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xFF;
      printable &= (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r';
    }
    if (printable) {
      String start = new String(b, 0, n, StandardCharsets.US_ASCII).replace("\n", "\\n").replace("\r", "\\r");
      text = ", looks like text \"" + start + "\"";
    }
    return "no known signature: starts with 0x" + hex + (b.length < 8 ? ", only " + b.length + " bytes" : "") + text;
  }

  private static boolean startsWith(byte[] b, int offset, int... expected) {
    if (b.length < offset + expected.length) return false;
    for (int i = 0; i < expected.length; i++) {
      if ((b[offset + i] & 0xFF) != expected[i]) return false;
    }
    return true;
  }

  /** The JDK's reader first, then any plugin, each a fresh instance. */
  private static List<ImageReader> readersFor(Format format) {
    List<ImageReader> jdk = new ArrayList<>();
    List<ImageReader> plugins = new ArrayList<>();
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    while (it.hasNext()) {
      ImageReader reader = it.next();
      (reader.getClass().getName().startsWith("com.sun.imageio.") ? jdk : plugins).add(reader);
    }
    jdk.addAll(plugins);
    return jdk;
  }

  /** A reader attempt that failed without an exception of its own, e.g. on a fatal warning. */
  private static final class ReadFailure extends Exception {
    private static final long serialVersionUID = 1L;

    ReadFailure(String message) {
      super(message, null, false, false);
    }
  }

  private static Raster read(ImageReader reader, byte[] bytes, Format format, String source)
      throws IOException, ReadFailure, ImageDecodeException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new ImageDecodeException(
            source,
            Kind.TOO_LARGE,
            format + " of " + reader.getWidth(0) + "x" + reader.getHeight(0) + " exceeds " + MAX_PIXELS + " pixels");
      }
      // libjpeg reports a cut-off or damaged scan as a warning and fills the rest with grey; PIL refuses such files.
      AtomicReference<String> fatal = new AtomicReference<>();
      reader.addIIOReadWarningListener(
          (r, warning) -> {
            if (fatal.get() == null && isFatalWarning(warning)) fatal.set(warning);
          });
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      if (fatal.get() != null) throw new ReadFailure(fatal.get());
      return toRaster(image);
    }
  }

  private static boolean isFatalWarning(String warning) {
    String w = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
    if (w.contains("extraneous bytes before marker")) return false;
    return w.contains("corrupt") || w.contains("premature") || w.contains("truncat") || w.contains("missing eoi");
  }

  private static Raster toRaster(BufferedImage image) throws ReadFailure {
    ColorModel cm = image.getColorModel();
    WritableRaster raster = image.getRaster();
    int width = image.getWidth();
    int height = image.getHeight();
    if (cm instanceof IndexColorModel palette) return fromPalette(palette, raster, width, height);

    int colours = cm.getNumColorComponents();
    int space = cm.getColorSpace().getType();
    if (space == ColorSpace.TYPE_GRAY && colours == 1) return fromSamples(cm, raster, width, height, 1, false);
    if (space == ColorSpace.TYPE_RGB && colours == 3) return fromSamples(cm, raster, width, height, 3, false);
    if (space == ColorSpace.TYPE_CMYK && colours == 4) return fromSamples(cm, raster, width, height, 3, true);
    // Any other colour space (YCbCr or Lab TIFF, say) has no stored RGB to keep, so let Java2D convert it to sRGB.
    float[] data = new float[width * height * 3];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0, i = y * width * 3; x < width; x++, i += 3) {
        data[i] = (row[x] >> 16) & 0xFF;
        data[i + 1] = (row[x] >> 8) & 0xFF;
        data[i + 2] = row[x] & 0xFF;
      }
    }
    return new Raster(width, height, 3, data);
  }

  private static Raster fromPalette(IndexColorModel palette, WritableRaster raster, int width, int height) {
    int size = palette.getMapSize();
    byte[] r = new byte[size];
    byte[] g = new byte[size];
    byte[] b = new byte[size];
    palette.getReds(r);
    palette.getGreens(g);
    palette.getBlues(b);
    boolean grey = true;
    for (int i = 0; i < size && grey; i++) grey = r[i] == g[i] && g[i] == b[i];
    int channels = grey ? 1 : 3;
    float[] data = new float[width * height * channels];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      raster.getSamples(0, y, width, 1, 0, row);
      for (int x = 0, i = y * width * channels; x < width; x++, i += channels) {
        int index = Math.min(row[x], size - 1);
        data[i] = r[index] & 0xFF;
        if (!grey) {
          data[i + 1] = g[index] & 0xFF;
          data[i + 2] = b[index] & 0xFF;
        }
      }
    }
    return new Raster(width, height, channels, data);
  }

  /**
   * Copies the colour bands, scaling each by its bit depth; alpha, which ImageIO always puts last, is skipped. With
   * {@code cmyk} the four bands become RGB by PIL's {@code cmyk2rgb}.
   */
  private static Raster fromSamples(
      ColorModel cm, WritableRaster raster, int width, int height, int channels, boolean cmyk) throws ReadFailure {
    int bands = cmyk ? 4 : channels;
    int transfer = raster.getTransferType();
    boolean floating = transfer == DataBuffer.TYPE_FLOAT || transfer == DataBuffer.TYPE_DOUBLE;
    double[] scale = new double[bands];
    for (int c = 0; c < bands; c++) {
      int bits = cm.getComponentSize(c);
      if (!floating && (bits <= 0 || bits > 32)) throw new ReadFailure("unsupported sample depth of " + bits + " bits");
      scale[c] = floating ? 255.0 : bits == 8 ? 1.0 : bits == 16 ? 1.0 / 257.0 : 255.0 / ((1L << bits) - 1);
    }
    float[] data = new float[width * height * channels];
    double[] values = new double[bands];
    int[] intRow = floating ? null : new int[width];
    float[] floatRow = floating ? new float[width] : null;
    double[][] rows = new double[bands][width];
    for (int y = 0; y < height; y++) {
      for (int c = 0; c < bands; c++) {
        if (floating) {
          raster.getSamples(0, y, width, 1, c, floatRow);
          for (int x = 0; x < width; x++) rows[c][x] = floatRow[x];
        } else {
          raster.getSamples(0, y, width, 1, c, intRow);
          for (int x = 0; x < width; x++) rows[c][x] = Integer.toUnsignedLong(intRow[x]);
        }
      }
      for (int x = 0, i = y * width * channels; x < width; x++, i += channels) {
        for (int c = 0; c < bands; c++) values[c] = clamp(rows[c][x] * scale[c]);
        if (cmyk) {
          double white = 255.0 - values[3];
          for (int c = 0; c < 3; c++) data[i + c] = (float) clamp(white - values[c] * white / 255.0);
        } else {
          for (int c = 0; c < channels; c++) data[i + c] = (float) values[c];
        }
      }
    }
    return new Raster(width, height, channels, data);
  }

  private static double clamp(double v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }

  /** The distinct messages along a cause chain, e.g. "Error reading PNG image data: Unexpected end of ZLIB input". */
  private static String describe(Throwable t) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable c = t; c != null && parts.size() < 4; c = c.getCause()) {
      String message = c.getMessage();
      parts.add(message == null || message.isBlank() ? c.getClass().getSimpleName() : message.strip());
    }
    return String.join(": ", parts);
  }
}
