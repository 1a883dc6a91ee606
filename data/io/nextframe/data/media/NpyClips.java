package io.nextframe.data.media;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.DataFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The clips of a .npy file (CONTRACTS §5). Default layouts by rank: (T, H, W), (T, C, H, W) with C ∈ {1, 3},
 * (N, T, C, H, W); a layout string overrides, naming each axis with one of N, T, C, H, W — e.g. {@code TNHW} for the
 * classic Moving MNIST file of shape (20, 10000, 64, 64), or {@code THWC} for channels-last. Values must be
 * float32 in [0, 1] or uint8 (divided by 255); a float value outside [0, 1] is a {@link DataFormatException}
 * naming the file, the clip and the value, raised when that clip is read.
 */
public final class NpyClips implements ClipSource {
    private final NpyFile file;
    private final String layout;
    /** Sizes of N, T, C, H, W. */
    private final int n;
    private final int t;
    private final int c;
    private final int h;
    private final int w;
    /** Strides in the file of N, T, C, H, W (0 for an axis the layout lacks). */
    private final long sn;
    private final long st;
    private final long sc;
    private final long sh;
    private final long sw;

    private NpyClips(NpyFile file, String layout) {
        this.file = file;
        this.layout = layout;
        long[] shape = file.shape();
        long[] size = {1, 1, 1, 1, 1};
        long[] stride = new long[5];
        long s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            int axis = "NTCHW".indexOf(layout.charAt(i));
            size[axis] = shape[i];
            stride[axis] = s;
            s *= shape[i];
        }
        for (int i = 0; i < 5; i++) {
            if (size[i] > Integer.MAX_VALUE || size[i] == 0) {
                throw new DataFormatException(file.path(), "axis " + "NTCHW".charAt(i) + " of layout " + layout
                        + " has size " + size[i] + " in shape " + Arrays.toString(shape));
            }
        }
        this.n = (int) size[0];
        this.t = (int) size[1];
        this.c = (int) size[2];
        this.h = (int) size[3];
        this.w = (int) size[4];
        if (c != 1 && c != 3) {
            throw new DataFormatException(file.path(), "shape " + Arrays.toString(shape) + " read as " + layout
                    + " has " + c + " channels; expected 1 or 3 (channels-last data needs a layout such as THWC)");
        }
        if ((long) t * c * h * w > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file.path(), "one clip of " + Arrays.toString(shape)
                    + " holds more values than a Java array");
        }
        this.sn = stride[0];
        this.st = stride[1];
        this.sc = stride[2];
        this.sh = stride[3];
        this.sw = stride[4];
    }

    /** Opens {@code path} with the default layout of its rank. */
    public static NpyClips open(Path path) throws IOException {
        return open(path, null);
    }

    /** Opens {@code path}; {@code layout} null means the default of the file's rank. */
    public static NpyClips open(Path path, String layout) throws IOException {
        NpyFile f = NpyFile.open(path);
        String l = layout == null ? defaultLayout(f) : layout.toUpperCase(java.util.Locale.ROOT);
        validate(f, l);
        return new NpyClips(f, l);
    }

    private static String defaultLayout(NpyFile f) {
        return switch (f.rank()) {
            case 3 -> "THW";
            case 4 -> "TCHW";
            case 5 -> "NTCHW";
            default -> throw new DataFormatException(f.path(), "a video array of rank " + f.rank() + " "
                    + Arrays.toString(f.shape()) + "; expected (T,H,W), (T,C,H,W) or (N,T,C,H,W)");
        };
    }

    private static void validate(NpyFile f, String layout) {
        boolean ok = layout.length() == f.rank() && layout.chars().allMatch(ch -> "NTCHW".indexOf(ch) >= 0)
                && layout.chars().distinct().count() == layout.length()
                && layout.indexOf('T') >= 0 && layout.indexOf('H') >= 0 && layout.indexOf('W') >= 0;
        if (!ok) {
            throw new DataFormatException(f.path(), "layout '" + layout + "' does not fit shape "
                    + Arrays.toString(f.shape()) + "; expected one distinct letter of N, T, C, H, W per axis, "
                    + "with T, H and W present");
        }
    }

    public NpyFile file() {
        return file;
    }

    public String layout() {
        return layout;
    }

    @Override
    public long size() {
        return n;
    }

    @Override
    public Clip clip(long index) {
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("clip " + index + " of " + n + " in " + file.path());
        }
        Clip clip = Clip.zeros(t, c, h, w);
        float[] out = clip.data();
        long base = index * sn;
        // axes of size 1 may have any stride: (T, H, W) files have no C axis and are still one contiguous block
        boolean contiguous = (w == 1 || sw == 1) && (h == 1 || sh == w) && (c == 1 || sc == (long) h * w)
                && (t == 1 || st == (long) c * h * w);
        if (contiguous) {
            file.read(base, out);
        } else {
            int k = 0;
            for (int ti = 0; ti < t; ti++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int y = 0; y < h; y++) {
                        long row = base + ti * st + ci * sc + y * sh;
                        for (int x = 0; x < w; x++) {
                            out[k++] = file.get(row + x * sw);
                        }
                    }
                }
            }
        }
        if (file.type() == NpyType.FLOAT32) {
            for (int i = 0; i < out.length; i++) {
                float v = out[i];
                if (!(v >= 0f && v <= 1f)) {
                    throw new DataFormatException(file.path(), "clip " + index + " holds the value " + v
                            + " at (t,c,y,x) = " + position(clip, i) + "; float32 input must lie in [0, 1]");
                }
            }
        }
        return clip;
    }

    private static String position(Clip clip, int i) {
        int x = i % clip.width();
        int y = i / clip.width() % clip.height();
        int ch = i / (clip.width() * clip.height()) % clip.channels();
        int tt = i / clip.frameSize();
        return "(" + tt + ", " + ch + ", " + y + ", " + x + ")";
    }

    @Override
    public int frames() {
        return t;
    }

    @Override
    public int channels() {
        return c;
    }

    @Override
    public int height() {
        return h;
    }

    @Override
    public int width() {
        return w;
    }
}
