package io.labelatlas.embed;

import io.labelatlas.ingest.CropPixels;
import java.util.ArrayList;
import java.util.List;

/** HOG (Dalal and Triggs 2005) over the grey crop, as {@link HogEmbedder} computes it. */
public final class HogBackbone implements Backbone {
  private static final long serialVersionUID = 1L;
  private final int cropSize;
  private final String cropPreprocessing;
  private transient HogEmbedder hog;

  public HogBackbone(int cropSize, String cropPreprocessing) {
    this.cropSize = cropSize;
    this.cropPreprocessing = cropPreprocessing;
  }

  private HogEmbedder hog() {
    if (hog == null) hog = HogEmbedder.dalalTriggs();
    return hog;
  }

  @Override
  public String name() {
    return "hog";
  }

  @Override
  public String modelSha256() {
    return "none";
  }

  @Override
  public String preprocessing() {
    // impl: bump when HogEmbedder's output changes, so cached vectors are not reused.
    return cropPreprocessing + ";grey;hog(orientations=9,cell=8,block=2,L2-Hys,impl=1)";
  }

  @Override
  public int dimension() {
    return hog().dimension(cropSize, cropSize);
  }

  @Override
  public List<float[]> embed(List<CropPixels> batch) {
    List<float[]> out = new ArrayList<>(batch.size());
    for (CropPixels crop : batch) out.add(hog().embed(crop.grey(), crop.width(), crop.height()));
    return out;
  }
}
