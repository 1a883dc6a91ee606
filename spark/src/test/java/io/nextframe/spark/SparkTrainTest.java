package io.nextframe.spark;

import io.nextframe.models.train.LossLog;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A seed sweep trains one configuration per task, each like the single-machine {@code train}, into one table. */
class SparkTrainTest {
    static final String[] TINY = {"svg-det", "--data", "smmnist", "--steps", "3", "--checkpoint-every", "1",
            "--set", "nf=4", "--set", "g_dim=8", "--set", "rnn_size=8", "--set", "batch_size=2", "--set",
            "n_future=2", "--backend", "simd"};

    @TempDir
    Path tmp;

    static List<Double> losses(Path run) throws Exception {
        return LossLog.read(run.resolve(LossLog.FILE)).stream().map(LossLog.Row::loss).toList();
    }

    @Test
    void aSeedSweepTrainsEachSeedAsTheSingleMachineTrainDoes() throws Exception {
        Path sweep = tmp.resolve("sweep");
        SparkTestSupport.Run r = SparkTestSupport.spark(SparkEvalTest.concat(new String[] {"train"}, TINY,
                new String[] {"--sweep", "seed=1..2", "--out", sweep.toString(), "--fail-once", "seed-2", "-q"}));
        assertEquals(0, r.code(), r.err());

        Path single = tmp.resolve("single");
        SparkTestSupport.Run s = SparkTestSupport.single(SparkEvalTest.concat(new String[] {"train"}, TINY,
                new String[] {"--seed", "1", "--out", single.toString(), "-q"}));
        assertEquals(0, s.code(), s.err());
        assertEquals(losses(single), losses(sweep.resolve("seed-1")), "the sweep's seed 1 is the train verb's");
        assertTrue(!losses(sweep.resolve("seed-1")).equals(losses(sweep.resolve("seed-2"))), "seeds differ");
        // seed 2's task failed once after training and was retried with --resume: one row per step, a model file
        assertEquals(List.of(1L, 2L, 3L), LossLog.read(sweep.resolve("seed-2").resolve(LossLog.FILE)).stream()
                .map(LossLog.Row::step).toList());
        assertTrue(Files.isRegularFile(sweep.resolve("seed-2/model.safetensors")));

        List<Row> rows = SparkTestSupport.spark().read().parquet(sweep.resolve("sweep.parquet").toString())
                .orderBy("config").collectAsList();
        assertEquals(List.of("seed-1", "seed-2"), rows.stream().map(x -> x.getString(0)).toList());
        for (Row row : rows) {
            assertNull(row.get(row.fieldIndex("error")));
            assertEquals(3L, row.getLong(row.fieldIndex("last_step")));
            assertTrue(Double.isFinite(row.getDouble(row.fieldIndex("final_loss"))));
        }
        assertEquals(losses(single).getLast(), rows.getFirst().getDouble(rows.getFirst().fieldIndex("final_loss")));
    }

    @Test
    void aBadConfigurationIsAnErrorRow() throws Exception {
        Path sweep = tmp.resolve("bad");
        SparkTestSupport.Run r = SparkTestSupport.spark(SparkEvalTest.concat(new String[] {"train"}, TINY,
                new String[] {"--sweep", "colour=blue", "--out", sweep.toString(), "-q"}));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("colour"), r.err());
        Row row = SparkTestSupport.spark().read().parquet(sweep.resolve("sweep.parquet").toString()).first();
        assertTrue(row.getString(row.fieldIndex("error")).contains("colour"), row.toString());
    }
}
