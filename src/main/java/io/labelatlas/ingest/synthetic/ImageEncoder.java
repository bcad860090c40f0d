package io.labelatlas.ingest.synthetic;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Turns a grey-level canvas into the bytes of a grey PNG or, for a JPEG scene, a tinted RGB JPEG (quality 0.9). */
final class ImageEncoder {

  private static final float JPEG_QUALITY = 0.9f;

  private ImageEncoder() {}

  static byte[] encode(float[] canvas, Scene scene) {
    int w = scene.width();
    int h = scene.height();
    BufferedImage image;
    if (scene.jpeg()) {
      image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < canvas.length; i++) {
        for (int c = 0; c < 3; c++) bgr[3 * i + 2 - c] = toByte(canvas[i] * scene.tint()[c]);
      }
    } else {
      image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
      byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < canvas.length; i++) grey[i] = toByte(canvas[i]);
    }
    try {
      return scene.jpeg() ? jpeg(image) : png(image);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte toByte(float v) {
    int q = Math.round(v);
    return (byte) (q < 0 ? 0 : Math.min(q, 255));
  }

  private static byte[] png(BufferedImage image) throws IOException {
    return write(image, "png", null);
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    return write(image, "jpeg", JPEG_QUALITY);
  }

  private static byte[] write(BufferedImage image, String format, Float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // In memory: ImageIO.createImageOutputStream would spool through a temporary file.
    try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (quality != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
