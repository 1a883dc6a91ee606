package io.nextframe.models.train;

import io.nextframe.core.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The loss curve as a CSV file {@code step,loss,lr,seconds} (one row per completed step, step 1-based, loss with
 * every digit of its double so curves compare exactly), optionally followed by a family's extra columns (DrNET's
 * scene-discriminator accuracy, for example) named in the header. On resume the rows beyond the checkpoint's step
 * are dropped: the run crashed after writing them and will compute them again.
 *
 * <p>Durability: rows are flushed to the operating system as they are added (a killed process loses none) and
 * {@link #sync()} forces them to the disk; the training loop syncs right before it writes a checkpoint, so after a
 * power loss the log never holds fewer rows than the checkpoint's step (the resume drops any beyond it).
 */
public final class LossLog implements AutoCloseable {
    public static final String FILE = "losses.csv";
    static final String HEADER = "step,loss,lr,seconds";

    /** One row; {@code extras} holds the values of the log's extra columns, in header order. */
    public record Row(long step, double loss, double lr, double seconds, List<Double> extras) {
        public Row {
            extras = List.copyOf(extras);
        }

        /** A row without extra columns. */
        public Row(long step, double loss, double lr, double seconds) {
            this(step, loss, lr, seconds, List.of());
        }
    }

    private final Path file;
    private final List<String> columns;
    private final List<Row> rows = new ArrayList<>();
    private BufferedWriter out;
    private FileChannel channel;

    private LossLog(Path file, List<String> columns) {
        this.file = file;
        this.columns = List.copyOf(columns);
    }

    /** Opens the log of a run directory, keeping the rows of steps ≤ {@code keepUpTo} (0 for a fresh run). */
    public static LossLog open(Path dir, long keepUpTo) throws IOException {
        return open(dir, keepUpTo, List.of());
    }

    /**
     * Opens the log with extra columns after {@code seconds} (names without commas, distinct from the four
     * standard ones), keeping the rows of steps ≤ {@code keepUpTo}.
     */
    public static LossLog open(Path dir, long keepUpTo, List<String> extraColumns) throws IOException {
        for (String c : extraColumns) {
            if (c == null || c.isBlank() || c.contains(",") || c.contains("\n")
                    || List.of(HEADER.split(",")).contains(c)
                    || extraColumns.indexOf(c) != extraColumns.lastIndexOf(c)) {
                throw new IllegalArgumentException("LossLog: extra column name '" + c + "' must be non-blank, "
                        + "unique, without commas and not one of " + HEADER);
            }
        }
        Files.createDirectories(dir);
        LossLog log = new LossLog(dir.resolve(FILE), extraColumns);
        if (keepUpTo > 0 && Files.isRegularFile(log.file)) {
            for (Row r : read(log.file)) {
                if (r.step() <= keepUpTo && r.extras().size() == extraColumns.size()) {
                    log.rows.add(r);
                }
            }
        }
        StringBuilder sb = new StringBuilder(HEADER);
        for (String c : extraColumns) {
            sb.append(',').append(c);
        }
        sb.append('\n');
        for (Row r : log.rows) {
            sb.append(format(r)).append('\n');
        }
        // atomically: a crash (SIGKILL, power loss) during this rewrite must not lose the rows already logged
        AtomicFiles.deleteStaleTemporaries(log.file);
        byte[] kept = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(log.file, kept);
        log.channel = FileChannel.open(log.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        log.out = new BufferedWriter(Channels.newWriter(log.channel, StandardCharsets.UTF_8));
        return log;
    }

    /** Forces every row added so far to the disk (fsync): called before a checkpoint that counts them. */
    public void sync() throws IOException {
        out.flush();
        channel.force(false);
    }

    public void add(Row r) throws IOException {
        if (r.extras().size() != columns.size()) {
            throw new IllegalArgumentException("LossLog: row of step " + r.step() + " has " + r.extras().size()
                    + " extra values, the log has the extra columns " + columns);
        }
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

    /** The extra column names (empty for the standard four columns). */
    public List<String> columns() {
        return columns;
    }

    private static String format(Row r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.step()).append(',').append(r.loss()).append(',').append(r.lr()).append(',').append(r.seconds());
        for (double v : r.extras()) {
            sb.append(',').append(v);
        }
        return sb.toString();
    }

    /** Reads a loss CSV; extra columns (as many as the header names) land in {@link Row#extras()}. */
    public static List<Row> read(Path file) throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int fields = lines.isEmpty() ? 4 : Math.max(4, lines.getFirst().strip().split(",").length);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != fields) {
                // a torn last line from a crash: everything after it is recomputed anyway
                break;
            }
            List<Double> extras = new ArrayList<>(fields - 4);
            for (int k = 4; k < fields; k++) {
                extras.add(Double.parseDouble(f[k]));
            }
            out.add(new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), extras));
        }
        return out;
    }

    /** The extra column names in a loss CSV's header. */
    public static List<String> readColumns(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return List.of();
        }
        String[] h = lines.getFirst().strip().split(",");
        return h.length <= 4 ? List.of() : List.of(h).subList(4, h.length);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
