package io.nextframe.models.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss curve as a CSV file {@code step,loss,lr,seconds} (one row per completed step, step 1-based, loss with
 * every digit of its double so curves compare exactly). On resume the rows beyond the checkpoint's step are dropped:
 * the run crashed after writing them and will compute them again.
 */
public final class LossLog implements AutoCloseable {
    public static final String FILE = "losses.csv";
    static final String HEADER = "step,loss,lr,seconds";

    /** One row. */
    public record Row(long step, double loss, double lr, double seconds) {
    }

    private final Path file;
    private final List<Row> rows = new ArrayList<>();
    private BufferedWriter out;

    private LossLog(Path file) {
        this.file = file;
    }

    /** Opens the log of a run directory, keeping the rows of steps ≤ {@code keepUpTo} (0 for a fresh run). */
    public static LossLog open(Path dir, long keepUpTo) throws IOException {
        Files.createDirectories(dir);
        LossLog log = new LossLog(dir.resolve(FILE));
        if (keepUpTo > 0 && Files.isRegularFile(log.file)) {
            for (Row r : read(log.file)) {
                if (r.step() <= keepUpTo) {
                    log.rows.add(r);
                }
            }
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Row r : log.rows) {
            sb.append(format(r)).append('\n');
        }
        Files.writeString(log.file, sb.toString(), StandardCharsets.UTF_8);
        log.out = Files.newBufferedWriter(log.file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return log;
    }

    public void add(Row r) throws IOException {
        rows.add(r);
        out.write(format(r));
        out.write('\n');
        out.flush();
    }

    /** Every row of this run so far (resumed rows included). */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public Path file() {
        return file;
    }

    private static String format(Row r) {
        return r.step() + "," + r.loss() + "," + r.lr() + "," + r.seconds();
    }

    /** Reads a loss CSV. */
    public static List<Row> read(Path file) throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 4) {
                // a torn last line from a crash: everything after it is recomputed anyway
                break;
            }
            out.add(new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3])));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
