package io.labelatlas.embed;

import java.util.Arrays;

/**
 * Histogram of oriented gradients of a grey image, the descriptor of Dalal and Triggs, "Histograms of Oriented
 * Gradients for Human Detection" (CVPR 2005), computed the way scikit-image 0.19 does it in
 * {@code skimage.feature.hog(image, orientations, pixels_per_cell, cells_per_block, block_norm='L2-Hys',
 * feature_vector=True)} on a float64 array (values kept as given, not rescaled), so that a descriptor matches the
 * Python reference element by element (within 1e-4; in practice to float rounding).
 *
 * <p>What scikit-image does, and this class repeats: central differences with zero gradient on the image border;
 * unsigned orientation {@code rad2deg(arctan2(g_row, g_col)) % 180} with half-open bins
 * {@code [180 i / n, 180 (i + 1) / n)}, so an orientation that rounds to exactly 180 falls in no bin; no
 * interpolation between bins or cells; each cell's bin sum accumulated in single precision, in row-major order, and
 * divided by the cell area; partial cells at the right and bottom dropped; every block of cells normalised by L2,
 * clipped at 0.2 and normalised by L2 again, with {@code eps = 1e-5} under both square roots; output in
 * (block row, block column, cell row, cell column, orientation) order.
 *
 * <p>Size: one algorithm whose steps must match scikit-image operation for operation; it stays in one file (about
 * 350 lines) so the correspondence with {@code skimage/feature/_hog.py} can be read top to bottom.
 *
 * <p>Instances are immutable and thread-safe; {@link #embed} allocates its own buffers.
 */
public final class HogEmbedder {

    private static final double EPS_SQUARED = 1e-5 * 1e-5;
    private static final double CLIP = 0.2;
    private static final double RAD_TO_DEG = 180.0 / Math.PI;
    // A gradient whose angle is nearer a bin edge than this (as a sine, relative to its magnitude) is binned by the
    // reference formula instead of the cross-product test. NumPy's arctan2 (SVML on AVX-512) is only good to a few ulp,
    // so both sides agree on every angle farther than ~1e-13 from an edge; 1e-9 leaves ample room.
    private static final double NEAR_EDGE = 1e-9;
    // The bin table: cells of width 1 / HALF_TABLE over u in [-1, 1], plus one for u rounding up to 1. A cell that
    // comes within U_MARGIN of an edge is AMBIGUOUS; any other decides its bin with a margin of ~1e-7 radians.
    private static final int TABLE = 4096;
    private static final double HALF_TABLE = TABLE / 2;
    private static final double U_MARGIN = 1e-7;
    private static final int AMBIGUOUS = -2;

    private final int orientations;
    private final int pixelsPerCell;
    private final int cellsPerBlock;
    // Unit vectors of the interior bin edges 180 k / n degrees, k = 1 .. n-1.
    private final double[] edgeCos;
    private final double[] edgeSin;
    private final int[] binByU;
    // Bins of the axis-aligned gradients, from the reference formula (atan2 of a zero or on an axis is exact).
    private final int binEastPositiveZero;
    private final int binEastNegativeZero;
    private final int binWestPositiveZero;
    private final int binWestNegativeZero;
    private final int binNorth;
    private final int binSouth;

    public HogEmbedder(int orientations, int pixelsPerCell, int cellsPerBlock) {
        if (orientations < 1) {
            throw new IllegalArgumentException("orientations must be >= 1, got " + orientations);
        }
        if (pixelsPerCell < 1) {
            throw new IllegalArgumentException("pixelsPerCell must be >= 1, got " + pixelsPerCell);
        }
        if (cellsPerBlock < 1) {
            throw new IllegalArgumentException("cellsPerBlock must be >= 1, got " + cellsPerBlock);
        }
        this.orientations = orientations;
        this.pixelsPerCell = pixelsPerCell;
        this.cellsPerBlock = cellsPerBlock;
        double binWidth = 180.0 / orientations;
        edgeCos = new double[orientations - 1];
        edgeSin = new double[orientations - 1];
        for (int k = 1; k < orientations; k++) {
            double radians = Math.toRadians(binWidth * k);
            edgeCos[k - 1] = Math.cos(radians);
            edgeSin[k - 1] = Math.sin(radians);
        }
        binByU = binTable(edgeCos, edgeSin);
        binEastPositiveZero = referenceBin(0.0, 1.0);
        binEastNegativeZero = referenceBin(-0.0, 1.0);
        binWestPositiveZero = referenceBin(0.0, -1.0);
        binWestNegativeZero = referenceBin(-0.0, -1.0);
        binNorth = referenceBin(1.0, 0.0);
        binSouth = referenceBin(-1.0, 0.0);
    }

    private static int[] binTable(double[] edgeCos, double[] edgeSin) {
        double[] edges = new double[edgeCos.length + 2];
        for (int k = 0; k < edgeCos.length; k++) {
            edges[k] = edgeCos[k] / (Math.abs(edgeCos[k]) + edgeSin[k]);
        }
        edges[edgeCos.length] = 1.0; // 0 degrees
        edges[edgeCos.length + 1] = -1.0; // 180 degrees
        int[] table = new int[TABLE + 1];
        for (int i = 0; i <= TABLE; i++) {
            double lo = i / HALF_TABLE - 1.0;
            double hi = (i + 1) / HALF_TABLE - 1.0;
            int bin = 0;
            for (double edge : edges) {
                if (edge >= lo - U_MARGIN && edge <= hi + U_MARGIN) {
                    bin = AMBIGUOUS;
                    break;
                }
            }
            for (int k = 0; bin != AMBIGUOUS && k < edgeCos.length; k++) {
                bin += edges[k] > hi ? 1 : 0;
            }
            table[i] = bin;
        }
        return table;
    }

    /** The descriptor of Dalal and Triggs: 9 orientations, 8x8-pixel cells, 2x2-cell blocks. */
    public static HogEmbedder dalalTriggs() {
        return new HogEmbedder(9, 8, 2);
    }

    public int orientations() {
        return orientations;
    }

    public int pixelsPerCell() {
        return pixelsPerCell;
    }

    public int cellsPerBlock() {
        return cellsPerBlock;
    }

    /** Length of the descriptor of a {@code width} x {@code height} image. */
    public int dimension(int width, int height) {
        checkSize(width, height);
        int blocksX = width / pixelsPerCell - cellsPerBlock + 1;
        int blocksY = height / pixelsPerCell - cellsPerBlock + 1;
        try {
            return Math.multiplyExact(Math.multiplyExact(blocksX, blocksY),
                    Math.multiplyExact(cellsPerBlock * cellsPerBlock, orientations));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("descriptor of a " + width + "x" + height + " image is too long for an array");
        }
    }

    /**
     * The descriptor of a grey image.
     *
     * @param grey row-major pixels, {@code grey[y * width + x]}, intensities on a 0..255 scale (the scale matters
     *     slightly, through the normalisation's eps)
     */
    public float[] embed(float[] grey, int width, int height) {
        if (grey == null) {
            throw new IllegalArgumentException("grey is null");
        }
        int dimension = dimension(width, height);
        if ((long) width * height != grey.length) {
            throw new IllegalArgumentException("grey has " + grey.length + " values but a " + width + "x" + height
                    + " image needs " + (long) width * height);
        }
        int cellsX = width / pixelsPerCell;
        int cellsY = height / pixelsPerCell;
        float[] histogram = cellHistograms(grey, width, height, cellsX, cellsY);
        return normalisedBlocks(histogram, cellsX, cellsY, dimension);
    }

    private void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long blockPixels = (long) pixelsPerCell * cellsPerBlock;
        if (width / pixelsPerCell < cellsPerBlock || height / pixelsPerCell < cellsPerBlock) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image is smaller than one block of "
                    + blockPixels + "x" + blockPixels + " pixels (" + cellsPerBlock + "x" + cellsPerBlock
                    + " cells of " + pixelsPerCell + "x" + pixelsPerCell + ")");
        }
    }

    /** Per cell and orientation, the magnitude sum over the cell divided by its area: (cellY, cellX, bin) order. */
    private float[] cellHistograms(float[] grey, int width, int height, int cellsX, int cellsY) {
        int n = orientations;
        int usedWidth = cellsX * pixelsPerCell;
        int usedHeight = cellsY * pixelsPerCell;
        float[] histogram = new float[cellsY * cellsX * n];
        double[] gRow = new double[usedWidth];
        double[] gCol = new double[usedWidth];
        double[] magnitude = new double[usedWidth];
        int interiorEnd = Math.min(usedWidth, width - 1);
        for (int y = 0; y < usedHeight; y++) {
            int row = y * width;
            // Subtract in double, as NumPy does on the float64 copy of the image; border gradients are zero.
            if (y == 0 || y == height - 1) {
                Arrays.fill(gRow, 0.0);
            } else {
                int above = row - width;
                int below = row + width;
                for (int x = 0; x < usedWidth; x++) {
                    gRow[x] = (double) grey[below + x] - grey[above + x];
                }
            }
            gCol[0] = 0.0;
            for (int x = 1; x < interiorEnd; x++) {
                gCol[x] = (double) grey[row + x + 1] - grey[row + x - 1];
            }
            if (interiorEnd < usedWidth) {
                gCol[interiorEnd] = 0.0;
            }
            for (int x = 0; x < usedWidth; x++) {
                magnitude[x] = Math.sqrt(gRow[x] * gRow[x] + gCol[x] * gCol[x]);
            }
            int cell = (y / pixelsPerCell) * cellsX * n;
            for (int x = 0; x < usedWidth; cell += n) {
                for (int cellEnd = x + pixelsPerCell; x < cellEnd; x++) {
                    double m = magnitude[x];
                    if (m == 0.0) {
                        continue; // adds +0 to a sum that is already >= +0
                    }
                    int bin = bin(gRow[x], gCol[x], m);
                    if (bin >= 0) {
                        // Rounded to float after every add, in skimage's pixel order: its sum is a C float.
                        histogram[cell + bin] = (float) (histogram[cell + bin] + m);
                    }
                }
            }
        }
        float area = (float) pixelsPerCell * pixelsPerCell;
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] /= area;
        }
        return histogram;
    }

    /**
     * The bin of gradient (gRow, gCol), or -1 for none. Off the axes, the gradient is turned into the upper half-plane
     * and {@code u = x / (|x| + y)}, which falls monotonically from 1 to -1 as the angle goes from 0 to 180 degrees,
     * looks the bin up in a table; near a bin edge, where the table cannot tell, {@link #binNearEdge} decides.
     */
    private int bin(double gRow, double gCol, double magnitude) {
        if (gRow == 0.0) {
            boolean negativeZero = Double.doubleToRawLongBits(gRow) != 0L;
            if (gCol > 0.0) {
                return negativeZero ? binEastNegativeZero : binEastPositiveZero;
            }
            return negativeZero ? binWestNegativeZero : binWestPositiveZero;
        }
        if (gCol == 0.0) {
            return gRow > 0.0 ? binNorth : binSouth;
        }
        // Into the upper half-plane by flipping signs bitwise: in textured images a branch on the sign of gRow
        // mispredicts half the time.
        double y = Math.abs(gRow);
        double x = Double.longBitsToDouble(
                Double.doubleToRawLongBits(gCol) ^ (Double.doubleToRawLongBits(gRow) & Long.MIN_VALUE));
        int bin = binByU[(int) ((x / (Math.abs(x) + y) + 1.0) * HALF_TABLE)];
        return bin != AMBIGUOUS ? bin : binNearEdge(gRow, gCol, magnitude);
    }

    /**
     * The bin by the signs of cross products with the bin edges, which equal skimage's
     * {@code rad2deg(arctan2) % 180} comparisons wherever rounding cannot matter, and by that formula itself nearer
     * than {@link #NEAR_EDGE} to an edge.
     */
    private int binNearEdge(double gRow, double gCol, double magnitude) {
        double y = gRow;
        double x = gCol;
        if (y < 0.0) {
            y = -y;
            x = -x;
        }
        double tolerance = NEAR_EDGE * magnitude;
        if (y < tolerance) {
            return referenceBin(gRow, gCol); // near 0 or 180 degrees
        }
        int bin = 0;
        for (int k = 0; k < edgeCos.length; k++) {
            bin += (y * edgeCos[k] - x * edgeSin[k] > 0.0) ? 1 : 0;
        }
        if (bin > 0 && y * edgeCos[bin - 1] - x * edgeSin[bin - 1] < tolerance) {
            return referenceBin(gRow, gCol);
        }
        if (bin < edgeCos.length && x * edgeSin[bin] - y * edgeCos[bin] < tolerance) {
            return referenceBin(gRow, gCol);
        }
        return bin;
    }

    /** skimage's binning, literally: NumPy's float remainder, then the first bin whose half-open range holds it. */
    private int referenceBin(double gRow, double gCol) {
        double degrees = StrictMath.atan2(gRow, gCol) * RAD_TO_DEG;
        double mod = degrees % 180.0;
        if (mod == 0.0) {
            mod = 0.0; // NumPy returns +0 with the sign of the divisor
        } else if (mod < 0.0) {
            mod += 180.0;
        }
        double binWidth = 180.0 / orientations;
        for (int i = 0; i < orientations; i++) {
            if (mod >= binWidth * i && mod < binWidth * (i + 1)) {
                return i;
            }
        }
        return -1;
    }

    private float[] normalisedBlocks(float[] histogram, int cellsX, int cellsY, int dimension) {
        int n = orientations;
        int cells = cellsX * cellsY;
        // Each cell serves up to cellsPerBlock^2 blocks: widen it and square-sum it once.
        double[] values = new double[histogram.length];
        double[] cellSquares = new double[cells];
        for (int c = 0, i = 0; c < cells; c++) {
            double sum = 0.0;
            for (int end = i + n; i < end; i++) {
                double v = histogram[i];
                values[i] = v;
                sum += v * v;
            }
            cellSquares[c] = sum;
        }
        int blocksX = cellsX - cellsPerBlock + 1;
        int blocksY = cellsY - cellsPerBlock + 1;
        int rowLength = cellsPerBlock * n; // a block's cells in one cell row are contiguous
        float[] out = new float[dimension];
        int o = 0;
        for (int by = 0; by < blocksY; by++) {
            for (int bx = 0; bx < blocksX; bx++) {
                double sumSquares = 0.0;
                for (int cy = by; cy < by + cellsPerBlock; cy++) {
                    for (int cx = bx; cx < bx + cellsPerBlock; cx++) {
                        sumSquares += cellSquares[cy * cellsX + cx];
                    }
                }
                // Multiplying by a reciprocal rather than dividing moves a value by at most an ulp of a double.
                double scale = 1.0 / Math.sqrt(sumSquares + EPS_SQUARED);
                double clippedSquares = 0.0;
                for (int cy = by; cy < by + cellsPerBlock; cy++) {
                    for (int i = (cy * cellsX + bx) * n, end = i + rowLength; i < end; i++) {
                        double v = Math.min(values[i] * scale, CLIP);
                        clippedSquares += v * v;
                    }
                }
                double rescale = 1.0 / Math.sqrt(clippedSquares + EPS_SQUARED);
                for (int cy = by; cy < by + cellsPerBlock; cy++) {
                    for (int i = (cy * cellsX + bx) * n, end = i + rowLength; i < end; i++) {
                        double v = Math.min(values[i] * scale, CLIP);
                        out[o++] = (float) (v * rescale);
                    }
                }
            }
        }
        return out;
    }
}
