package io.nextframe.data.mnist;

/**
 * Square digit images of one size, ready for the Moving MNIST generators (which read them from many threads;
 * the arrays are never modified after construction).
 */
public final class Digits {
    private final int side;
    private final float[][] images;
    private final int[] labels;

    public Digits(int side, float[][] images, int[] labels) {
        if (images.length == 0) {
            throw new IllegalArgumentException("Digits: no images");
        }
        if (images.length != labels.length) {
            throw new IllegalArgumentException("Digits: " + images.length + " images but " + labels.length + " labels");
        }
        for (float[] img : images) {
            if (img.length != side * side) {
                throw new IllegalArgumentException("Digits: an image of " + img.length + " values; expected "
                        + side + "×" + side);
            }
        }
        this.side = side;
        this.images = images;
        this.labels = labels;
    }

    public int side() {
        return side;
    }

    public int size() {
        return images.length;
    }

    /** Image i, side × side, values in [0, 1]. Shared: do not modify. */
    public float[] image(int i) {
        return images[i];
    }

    public int label(int i) {
        return labels[i];
    }
}
