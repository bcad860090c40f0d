package io.labelatlas.embed;

import io.labelatlas.ingest.CropBox;
import io.labelatlas.ingest.CropPixels;
import java.util.ArrayList;
import java.util.List;

/**
 * The box's geometry, no pixels. {@code box_size} (log width, log height of the box in source pixels) is the control
 * every embedding must beat: where box sizes differ by class, it separates classes without seeing a defect, and a
 * stretched crop carries the same information as texture scale. {@code box_geometry} adds the box centre relative to
 * the image (x / image width, y / image height), for fusing with a pixel backbone as a named part. The aspect ratio is
 * log width - log height, a linear function of the first two, so it is not a column of its own.
 */
public final class BoxGeometryBackbone implements Backbone {
  private static final long serialVersionUID = 1L;
  public static final String SIZE = "box_size";
  public static final String GEOMETRY = "box_geometry";
  private final boolean withPosition;

  public BoxGeometryBackbone(boolean withPosition) {
    this.withPosition = withPosition;
  }

  @Override
  public String name() {
    return withPosition ? GEOMETRY : SIZE;
  }

  @Override
  public String modelSha256() {
    return "none";
  }

  @Override
  public String preprocessing() {
    // The box as given, so no crop setting enters; impl: bump when the vectors change.
    return withPosition ? "box(log_width,log_height,centre_x/image_width,centre_y/image_height,impl=1)"
        : "box(log_width,log_height,impl=1)";
  }

  @Override
  public int dimension() {
    return withPosition ? 4 : 2;
  }

  @Override
  public List<float[]> embed(List<CropPixels> batch) {
    List<float[]> out = new ArrayList<>(batch.size());
    for (CropPixels crop : batch) {
      CropBox box = crop.box();
      if (box == null) throw new IllegalStateException(name() + " needs each crop's box; this crop carries none");
      float[] vector = new float[dimension()];
      vector[0] = (float) Math.log(box.width());
      vector[1] = (float) Math.log(box.height());
      if (withPosition) {
        vector[2] = (float) (box.centreX() / box.imageWidth());
        vector[3] = (float) (box.centreY() / box.imageHeight());
      }
      out.add(vector);
    }
    return out;
  }
}
