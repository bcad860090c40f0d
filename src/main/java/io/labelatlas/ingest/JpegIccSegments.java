package io.labelatlas.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes the embedded ICC profile from a JPEG before decoding: ImageIO's JPEG readers would otherwise convert tagged
 * RGB to sRGB and return values that differ from the stored ones (and from PIL's).
 */
final class JpegIccSegments {
  private JpegIccSegments() {}

  /** The JPEG without its APP2 ICC_PROFILE segments, or the same array when it has none or cannot be parsed. */
  static byte[] removeFrom(byte[] jpeg) {
    byte[] iccTag = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = null;
    int copiedUpTo = 0;
    int pos = 2;
    while (pos + 4 <= jpeg.length) {
      if ((jpeg[pos] & 0xFF) != 0xFF) return jpeg;
      int marker = jpeg[pos + 1] & 0xFF;
      if (marker == 0xFF) {
        pos++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) break;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        pos += 2;
        continue;
      }
      int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
      int end = pos + 2 + length;
      if (length < 2 || end > jpeg.length) return jpeg;
      boolean icc = marker == 0xE2 && length >= 2 + iccTag.length && regionEquals(jpeg, pos + 4, iccTag);
      if (icc) {
        if (out == null) out = new ByteArrayOutputStream(jpeg.length);
        out.write(jpeg, copiedUpTo, pos - copiedUpTo);
        copiedUpTo = end;
      }
      pos = end;
    }
    if (out == null) return jpeg;
    out.write(jpeg, copiedUpTo, jpeg.length - copiedUpTo);
    return out.toByteArray();
  }

  private static boolean regionEquals(byte[] b, int offset, byte[] expected) {
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) return false;
    }
    return true;
  }
}
