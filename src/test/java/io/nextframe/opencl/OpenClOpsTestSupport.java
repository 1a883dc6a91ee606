package io.nextframe.opencl;

/** Small helpers of the naive-loop checks. */
final class OpenClOpsTestSupport {
    private OpenClOpsTestSupport() {
    }

    static int[] pad3(int[] v, int fill) {
        int[] s = {fill, fill, fill};
        System.arraycopy(v, 0, s, 3 - v.length, v.length);
        return s;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    static double dotAbs(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs((double) a[i] * b[i]);
        }
        return s;
    }
}
