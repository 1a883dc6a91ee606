package io.nextframe.spark;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import org.apache.spark.sql.SparkSession;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One local-mode session for every test class of this JVM (a session starts in 3–5 s): {@code local[2,2]}, two
 * task threads, and a task may fail once and be retried (plain {@code local[N]} never retries). The verbs find it
 * and reuse it instead of starting their own.
 */
final class SparkTestSupport {
    private static SparkSession session;

    private SparkTestSupport() {
    }

    static synchronized SparkSession spark() throws IOException {
        if (session == null) {
            Path local = Path.of(System.getProperty("java.io.tmpdir")).resolve("spark-local");
            Files.createDirectories(local);
            session = SparkSession.builder().master("local[2,2]").appName("nextframe-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.local.dir", local.toString())
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    /** Clips i … i+n−1 of the SM-MNIST test split, 8 frames each (the svg-*-smmnist models' size, 64×64 gray). */
    static Clip clip(int i) throws IOException {
        ClipSource src = Datasets.open("smmnist", Datasets.Split.TEST, 0, Map.of("frames", "8"));
        return src.clip(i);
    }

    /**
     * A folder of clips: {@code a.npy}, {@code sub/b.npy}, and {@code batch.npy} holding three clips
     * (ids a, sub/b, batch#0 … batch#2).
     */
    static Path clipFolder(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Npy.writeClip(dir.resolve("a.npy"), clip(0), NpyType.FLOAT32, false);
        Npy.writeClip(dir.resolve("sub/b.npy"), clip(1), NpyType.FLOAT32, true);
        int per = clip(2).data().length;
        float[] batch = new float[3 * per];
        for (int n = 0; n < 3; n++) {
            System.arraycopy(clip(2 + n).data(), 0, batch, n * per, per);
        }
        Npy.write(dir.resolve("batch.npy"), new int[] {3, 8, 1, 64, 64}, batch, NpyType.FLOAT32);
        return dir;
    }

    /** A call's exit status with what it printed on stdout and stderr. */
    record Run(int code, String out, String err) {
    }

    static Run capture(Callable<Integer> call) throws Exception {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = call.call();
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static Run spark(String... args) throws Exception {
        spark();
        return capture(() -> SparkMain.run(args));
    }

    static Run single(String... args) throws Exception {
        return capture(() -> io.nextframe.tools.Main.run(args));
    }
}
