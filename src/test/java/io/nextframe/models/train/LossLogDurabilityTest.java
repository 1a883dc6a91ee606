package io.nextframe.models.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * losses.csv against crashes: every added row is on disk for another process at once (flushed), {@link LossLog#sync}
 * forces them (what the training loop does before each checkpoint), and a resume from a checkpoint at step k keeps
 * exactly the rows 1 … k of a log that got ahead of it, then appends after them.
 */
class LossLogDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aResumeDropsTheRowsPastTheCheckpointAndAppendsAfterThem() throws IOException {
        LossLog log = LossLog.open(dir, 0);
        for (int s = 1; s <= 3; s++) {
            log.add(new LossLog.Row(s, 1.0 / s, 1e-3, s));
        }
        log.sync(); // a checkpoint at step 3 is written now
        log.add(new LossLog.Row(4, 0.25, 1e-3, 4));
        log.add(new LossLog.Row(5, 0.2, 1e-3, 5));
        // the process is killed here: no close; rows 4 and 5 were flushed, so the file holds them
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), steps(LossLog.read(dir.resolve(LossLog.FILE))));

        try (LossLog resumed = LossLog.open(dir, 3)) {
            assertEquals(List.of(1L, 2L, 3L), steps(resumed.rows()));
            assertEquals(List.of(1L, 2L, 3L), steps(LossLog.read(resumed.file())), "truncated on disk");
            resumed.add(new LossLog.Row(4, 0.3, 1e-3, 4.5));
            resumed.sync();
        }
        List<LossLog.Row> rows = LossLog.read(dir.resolve(LossLog.FILE));
        assertEquals(List.of(1L, 2L, 3L, 4L), steps(rows));
        assertEquals(0.3, rows.get(3).loss(), "the recomputed row, not the stale one");
        assertEquals(5, Files.readAllLines(dir.resolve(LossLog.FILE)).size(), "header + 4 rows, nothing torn");
        log.close();
    }

    private static List<Long> steps(List<LossLog.Row> rows) {
        return rows.stream().map(LossLog.Row::step).toList();
    }
}
