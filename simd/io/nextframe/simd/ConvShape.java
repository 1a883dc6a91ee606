package io.nextframe.simd;

import io.nextframe.core.Shape;
import io.nextframe.core.ops.ConvSpec;

/**
 * The geometry of one convolution, checked against the tensors and normalised to three spatial axes (depth, height,
 * width; a 1-D or 2-D convolution gets leading extents of 1, stride 1, padding 0), so every lowering loop is written
 * once. "Input" is x (or dx), "output" is y (or dy): the output extents must equal
 * {@link ConvSpec#outSize}, which for a transposed convolution leaves the input extent free by up to stride − 1
 * (the output padding).
 */
final class ConvShape {
    final int n, cin, cout, groups, cinG, coutG;
    final int inD, inH, inW, kD, kH, kW, outD, outH, outW;
    final int sD, sH, sW, pD, pH, pW, dD, dH, dW;
    /** Elements of one input plane, kernel window and output plane. */
    final int inVol, kVol, outVol;
    /** Rows of the lowered matrix of one group: cinG·kVol (also the GEMM depth of the forward pass). */
    final int groupRows;

    /** Raw geometry (3-D normalised), for the derived convolutions built here. */
    private ConvShape(int n, int cin, int cout, int groups, int[] in, int[] k, int[] out, int[] s, int[] p, int[] d) {
        this.n = n;
        this.cin = cin;
        this.cout = cout;
        this.groups = groups;
        cinG = cin / groups;
        coutG = cout / groups;
        inD = in[0]; inH = in[1]; inW = in[2];
        kD = k[0]; kH = k[1]; kW = k[2];
        outD = out[0]; outH = out[1]; outW = out[2];
        sD = s[0]; sH = s[1]; sW = s[2];
        pD = p[0]; pH = p[1]; pW = p[2];
        dD = d[0]; dH = d[1]; dW = d[2];
        inVol = inD * inH * inW;
        kVol = kD * kH * kW;
        outVol = outD * outH * outW;
        groupRows = cinG * kVol;
    }

    /**
     * For stride 1 on every axis, the backward-data pass as a forward convolution: input dy (N, Cout, out),
     * kernel the flipped transpose (Cin, Cout/g, k), padding dil·(k − 1) − pad, output dx (N, Cin, in).
     * Null when the stride is not 1 or the padding exceeds dil·(k − 1) (the padding would be negative).
     */
    ConvShape adjointAsConvolution() {
        int[] k = {kD, kH, kW}, d = {dD, dH, dW}, p = {pD, pH, pW};
        if (sD != 1 || sH != 1 || sW != 1) {
            return null;
        }
        int[] q = new int[3];
        for (int a = 0; a < 3; a++) {
            q[a] = d[a] * (k[a] - 1) - p[a];
            if (q[a] < 0) {
                return null;
            }
        }
        return new ConvShape(n, cout, cin, groups, new int[] {outD, outH, outW}, k, new int[] {inD, inH, inW},
                new int[] {1, 1, 1}, q, d);
    }

    private ConvShape(ConvSpec spec, Shape in, Shape w, Shape out) {
        int dims = spec.dims();
        int off = 3 - dims;
        int[] i3 = {1, 1, 1}, k3 = {1, 1, 1}, o3 = {1, 1, 1}, s3 = {1, 1, 1}, p3 = {0, 0, 0}, d3 = {1, 1, 1};
        for (int a = 0; a < dims; a++) {
            i3[off + a] = in.dim(2 + a);
            k3[off + a] = w.dim(2 + a);
            o3[off + a] = out.dim(2 + a);
            s3[off + a] = spec.stride(a);
            p3[off + a] = spec.padding(a);
            d3[off + a] = spec.dilation(a);
        }
        n = in.dim(0);
        cin = in.dim(1);
        cout = w.dim(0);
        groups = spec.groups();
        cinG = cin / groups;
        coutG = cout / groups;
        inD = i3[0]; inH = i3[1]; inW = i3[2];
        kD = k3[0]; kH = k3[1]; kW = k3[2];
        outD = o3[0]; outH = o3[1]; outW = o3[2];
        sD = s3[0]; sH = s3[1]; sW = s3[2];
        pD = p3[0]; pH = p3[1]; pW = p3[2];
        dD = d3[0]; dH = d3[1]; dW = d3[2];
        inVol = inD * inH * inW;
        kVol = kD * kH * kW;
        outVol = outD * outH * outW;
        groupRows = cinG * kVol;
    }

    /**
     * Checks x/dx ({@code in}), w and y/dy ({@code out}) against {@code spec} and returns the geometry; the error
     * names the op, the operand and the expected versus actual shape.
     */
    static ConvShape of(String op, ConvSpec spec, Shape in, String inName, Shape w, String wName, Shape out,
                        String outName) {
        int dims = spec.dims();
        int rank = dims + 2;
        if (in.rank() != rank || w.rank() != rank || out.rank() != rank) {
            throw new IllegalArgumentException(op + ": a " + dims + "-D convolution needs rank-" + rank + " tensors, got "
                    + inName + " " + in + ", " + wName + " " + w + ", " + outName + " " + out);
        }
        int g = spec.groups();
        if (in.dim(1) % g != 0 || w.dim(0) % g != 0) {
            throw new IllegalArgumentException(op + ": " + g + " groups must divide the channels of " + inName + " "
                    + in + " and the output channels of " + wName + " " + w);
        }
        if (w.dim(1) * g != in.dim(1)) {
            throw new IllegalArgumentException(op + ": " + wName + " " + w + " has " + w.dim(1)
                    + " input channels per group, expected " + in.dim(1) / g + " (" + inName + " " + in + ", "
                    + g + " groups)");
        }
        int[] expected = new int[rank];
        expected[0] = in.dim(0);
        expected[1] = w.dim(0);
        for (int a = 0; a < dims; a++) {
            expected[2 + a] = spec.outSize(a, in.dim(2 + a), w.dim(2 + a));
            if (expected[2 + a] < 1) {
                throw new IllegalArgumentException(op + ": kernel " + w + " with " + spec + " does not fit in "
                        + inName + " " + in);
            }
        }
        if (!out.equals(Shape.of(expected))) {
            throw new IllegalArgumentException(op + ": " + outName + " is " + out + ", expected "
                    + Shape.of(expected) + " for " + inName + " " + in + ", " + wName + " " + w + " and " + spec);
        }
        return new ConvShape(spec, in, w, out);
    }

    /**
     * The kernel covers the whole unpadded input (one output position, dilation 1 where the kernel is longer than
     * 1): the convolution is a fully connected layer on each sample's flattened input.
     */
    boolean dense() {
        return outVol == 1 && pD == 0 && pH == 0 && pW == 0 && kD == inD && kH == inH && kW == inW
                && (kD == 1 || dD == 1) && (kH == 1 || dH == 1) && (kW == 1 || dW == 1);
    }

    /** A 1×1×1 kernel with stride 1 and no padding: the lowered matrix of a sample is the input itself. */
    boolean pointwise() {
        return kVol == 1 && sD == 1 && sH == 1 && sW == 1 && pD == 0 && pH == 0 && pW == 0;
    }
}
