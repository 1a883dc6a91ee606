package io.nextframe.models.crossconv;

/**
 * The paper's latent statistics over encoded training pairs: the number of z_mean dimensions that are not zero
 * (|mean over pairs| or spread above a threshold) and the number of principal components that explain 95 % of the
 * variance of z_mean.
 *
 * @param nonZero         dimensions whose largest |z_mean| over the pairs exceeds the threshold
 * @param components95    principal components needed for 95 % of the total variance
 * @param totalVariance   trace of the covariance
 */
public record LatentStatistics(int nonZero, int components95, double totalVariance) {

    /** Statistics of {@code rows} (pairs × z dimensions); a dimension is "non-zero" if some |value| > threshold. */
    public static LatentStatistics of(double[][] rows, double threshold) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("LatentStatistics: need ≥ 2 rows, got " + n);
        }
        int d = rows[0].length;
        int nonZero = 0;
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            double max = 0;
            for (double[] r : rows) {
                mean[j] += r[j] / n;
                max = Math.max(max, Math.abs(r[j]));
            }
            nonZero += max > threshold ? 1 : 0;
        }
        // PCA through the smaller of the n × n Gram matrix of centred rows and the d × d scatter matrix: both have
        // the same non-zero eigenvalues (the Gram one for the 3,200-d z of 1,000 pairs, the scatter one for small z)
        int m = Math.min(n, d);
        double[][] gram = new double[m][m];
        if (n <= d) {
            for (int a = 0; a < n; a++) {
                for (int b = a; b < n; b++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += (rows[a][j] - mean[j]) * (rows[b][j] - mean[j]);
                    }
                    gram[a][b] = s;
                    gram[b][a] = s;
                }
            }
        } else {
            for (double[] r : rows) {
                for (int a = 0; a < d; a++) {
                    double ca = r[a] - mean[a];
                    for (int b = a; b < d; b++) {
                        gram[a][b] += ca * (r[b] - mean[b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) {
                    gram[a][b] = gram[b][a];
                }
            }
        }
        double[] eig = SymmetricEigen.eigenvalues(gram);
        double total = 0;
        for (double e : eig) {
            total += Math.max(0, e);
        }
        java.util.Arrays.sort(eig);
        double acc = 0;
        int k = 0;
        for (int i = eig.length - 1; i >= 0 && acc < 0.95 * total; i--) {
            acc += Math.max(0, eig[i]);
            k++;
        }
        return new LatentStatistics(nonZero, k, total / (n - 1));
    }
}
