package io.nextframe.models.drnet;

/**
 * Classifiers that read a label off fixed codes (the offline analogue of the thesis's Table 5.1: is the digit's
 * identity decodable from h_c, from h_p?). Features are standardised with the training set's mean and standard
 * deviation; both classifiers are deterministic. Accuracy is measured on held-out codes.
 */
public final class LinearProbe {
    private LinearProbe() {
    }

    /** Accuracy on the test codes of the nearest class mean (Euclidean, standardised features). */
    public static double nearestCentroid(float[][] trainX, int[] trainY, float[][] testX, int[] testY, int classes) {
        check(trainX, trainY, testX, testY, classes);
        double[][] tr = standardise(trainX, trainX), te = standardise(trainX, testX);
        int d = tr[0].length;
        double[][] mean = new double[classes][d];
        int[] count = new int[classes];
        for (int i = 0; i < tr.length; i++) {
            count[trainY[i]]++;
            for (int j = 0; j < d; j++) {
                mean[trainY[i]][j] += tr[i][j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                mean[c][j] /= Math.max(1, count[c]);
            }
        }
        int correct = 0;
        for (int i = 0; i < te.length; i++) {
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < classes; c++) {
                if (count[c] == 0) {
                    continue;
                }
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double e = te[i][j] - mean[c][j];
                    dist += e * e;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            if (best == testY[i]) {
                correct++;
            }
        }
        return correct / (double) te.length;
    }

    /**
     * Accuracy on the test codes of multinomial logistic regression trained by full-batch gradient descent
     * (weights from zero, {@code iterations} steps of size {@code lr}, L2 penalty {@code l2}).
     */
    public static double logistic(float[][] trainX, int[] trainY, float[][] testX, int[] testY, int classes,
                                  int iterations, double lr, double l2) {
        check(trainX, trainY, testX, testY, classes);
        double[][] tr = standardise(trainX, trainX), te = standardise(trainX, testX);
        int n = tr.length, d = tr[0].length;
        double[][] w = new double[classes][d + 1];
        double[] p = new double[classes];
        for (int it = 0; it < iterations; it++) {
            double[][] g = new double[classes][d + 1];
            for (int i = 0; i < n; i++) {
                softmax(w, tr[i], p);
                for (int c = 0; c < classes; c++) {
                    double e = (p[c] - (trainY[i] == c ? 1 : 0)) / n;
                    for (int j = 0; j < d; j++) {
                        g[c][j] += e * tr[i][j];
                    }
                    g[c][d] += e;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    w[c][j] -= lr * (g[c][j] + (j < d ? l2 * w[c][j] : 0));
                }
            }
        }
        int correct = 0;
        for (int i = 0; i < te.length; i++) {
            softmax(w, te[i], p);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == testY[i]) {
                correct++;
            }
        }
        return correct / (double) te.length;
    }

    private static void softmax(double[][] w, double[] x, double[] p) {
        int d = x.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][d];
            for (int j = 0; j < d; j++) {
                z += w[c][j] * x[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }

    private static double[][] standardise(float[][] reference, float[][] x) {
        int d = reference[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (float[] r : reference) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= reference.length;
        }
        for (float[] r : reference) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j] / reference.length);
            if (sd[j] < 1e-8) {
                sd[j] = 1; // a constant feature carries nothing; keep it at zero after centring
            }
        }
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = (x[i][j] - mean[j]) / sd[j];
            }
        }
        return out;
    }

    private static void check(float[][] trainX, int[] trainY, float[][] testX, int[] testY, int classes) {
        if (trainX.length == 0 || testX.length == 0 || trainX.length != trainY.length
                || testX.length != testY.length) {
            throw new IllegalArgumentException("LinearProbe: " + trainX.length + " training codes with "
                    + trainY.length + " labels, " + testX.length + " test codes with " + testY.length
                    + " labels; both sets must be non-empty and labelled");
        }
        int d = trainX[0].length;
        for (float[][] set : new float[][][] {trainX, testX}) {
            for (float[] r : set) {
                if (r.length != d) {
                    throw new IllegalArgumentException("LinearProbe: codes of " + r.length + " and " + d
                            + " dimensions");
                }
            }
        }
        for (int[] ys : new int[][] {trainY, testY}) {
            for (int y : ys) {
                if (y < 0 || y >= classes) {
                    throw new IllegalArgumentException("LinearProbe: label " + y + " outside [0, " + classes + ")");
                }
            }
        }
    }
}
