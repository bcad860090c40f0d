package io.labelatlas.ingest;

import java.io.Serializable;

/**
 * Where a crop's box sits on its source image, in source pixels: its size and centre, and the image's size. For a
 * whole-image crop the box is the image.
 */
public record CropBox(int width, int height, double centreX, double centreY, int imageWidth, int imageHeight)
    implements Serializable {
  public CropBox {
    if (width < 1 || height < 1 || imageWidth < 1 || imageHeight < 1) {
      throw new IllegalArgumentException("box " + width + "x" + height + " on image " + imageWidth + "x"
          + imageHeight + " must have positive sides");
    }
  }

  /** From the crop stage's columns; a null box (a whole-image crop) is the image itself. */
  public static CropBox of(Integer x1, Integer y1, Integer x2, Integer y2, int imageWidth, int imageHeight) {
    if (x1 == null || y1 == null || x2 == null || y2 == null) {
      return new CropBox(imageWidth, imageHeight, imageWidth / 2.0, imageHeight / 2.0, imageWidth, imageHeight);
    }
    return new CropBox(Math.max(1, x2 - x1), Math.max(1, y2 - y1), (x1 + x2) / 2.0, (y1 + y2) / 2.0, imageWidth,
        imageHeight);
  }
}
