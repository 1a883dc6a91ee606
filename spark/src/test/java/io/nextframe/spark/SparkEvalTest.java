package io.nextframe.spark;

import io.nextframe.models.eval.EvalResult;
import io.nextframe.models.eval.EvalResultJson;
import io.nextframe.models.eval.MetricSummary;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code spark eval} equals {@code nextframe eval} on the same data and seed; bad clips become error rows. */
class SparkEvalTest {
    @TempDir
    Path tmp;

    @Test
    void sparkEvalEqualsTheSingleMachineEval() throws Exception {
        String[] common = {"--model", "svg-lp-smmnist", "--data", "smmnist", "--sequences", "5", "--past", "5",
                "--future", "3", "--samples", "2", "--seed", "11", "--backend", "simd", "-q"};
        Path single = tmp.resolve("single.json");
        Path spark = tmp.resolve("spark.json");
        SparkTestSupport.Run a = SparkTestSupport.single(concat(new String[] {"eval"}, common,
                new String[] {"--json", single.toString()}));
        assertEquals(0, a.code(), a.err());
        SparkTestSupport.Run b = SparkTestSupport.spark(concat(new String[] {"eval"}, common,
                new String[] {"--json", spark.toString(), "--partitions", "3", "--plot",
                        tmp.resolve("spark.png").toString(), "--report", tmp.resolve("spark.html").toString(),
                        "--report-clips", "2"}));
        assertEquals(0, b.code(), b.err());
        EvalResult x = EvalResultJson.read(single);
        EvalResult y = EvalResultJson.read(spark);
        assertEquals(x.sequences(), y.sequences());
        assertEquals(x.metrics().keySet(), y.metrics().keySet());
        for (Map.Entry<String, MetricSummary> e : x.metrics().entrySet()) {
            MetricSummary s = e.getValue();
            MetricSummary t = y.metrics().get(e.getKey());
            assertEquals(s.mean(), t.mean(), 1e-6, e.getKey());
            assertEquals(s.ciLow(), t.ciLow(), 1e-6, e.getKey());
            assertEquals(s.ciHigh(), t.ciHigh(), 1e-6, e.getKey());
            for (int i = 0; i < s.perStep().length; i++) {
                assertEquals(s.perStep()[i], t.perStep()[i], 1e-6, e.getKey() + " step " + i);
            }
        }
        // the per-clip table beside the JSON: one row per sequence, one column per metric
        List<Row> rows = SparkTestSupport.spark().read().parquet(tmp.resolve("spark.parquet").toString())
                .orderBy("clip_id").collectAsList();
        assertEquals(5, rows.size());
        assertEquals("smmnist#0", rows.getFirst().getString(0));
        assertTrue(rows.getFirst().getDouble(rows.getFirst().fieldIndex("ssim_best")) > 0);
        assertTrue(Files.size(tmp.resolve("spark.png")) > 1000, "the plot is written");
        String html = Files.readString(tmp.resolve("spark.html"));
        assertTrue(html.contains("data:image/gif;base64,") && html.contains("ssim_best"), "the report is written");
        // the exact moments make the JSON identical, not merely close
        assertEquals(Files.readString(single), Files.readString(spark));
    }

    @Test
    void aDfnModelGetsTheSameBceAsTheSingleMachineEval() throws Exception {
        Path run = tmp.resolve("dfn");
        SparkTestSupport.Run t = SparkTestSupport.single("train", "dfn", "--data", "mmnist", "--steps", "1",
                "--set", "nf=2", "--set", "dynamic_filter_size=3", "--set", "input_seqlen=2", "--set",
                "target_seqlen=2", "--set", "batch_size=1", "--backend", "simd", "--seed", "7", "--out",
                run.toString(), "-q");
        assertEquals(0, t.code(), t.err());
        String[] common = {"--model", run.resolve("model.safetensors").toString(), "--data", "mmnist",
                "--sequences", "4", "--past", "2", "--future", "2", "--backend", "simd", "-q"};
        Path single = tmp.resolve("dfn-single.json");
        Path spark = tmp.resolve("dfn-spark.json");
        assertEquals(0, SparkTestSupport.single(concat(new String[] {"eval"}, common,
                new String[] {"--json", single.toString()})).code());
        SparkTestSupport.Run b = SparkTestSupport.spark(concat(new String[] {"eval"}, common,
                new String[] {"--json", spark.toString(), "--partitions", "2"}));
        assertEquals(0, b.code(), b.err());
        EvalResult x = EvalResultJson.read(single);
        EvalResult y = EvalResultJson.read(spark);
        assertTrue(y.metrics().containsKey("bce") && y.metrics().containsKey("bce_frame"), y.metrics().keySet()
                .toString());
        for (String m : x.metrics().keySet()) {
            assertEquals(x.metrics().get(m).mean(), y.metrics().get(m).mean(), 1e-6, m);
        }
        assertEquals(Files.readString(single), Files.readString(spark));
        Row row = SparkTestSupport.spark().read().parquet(tmp.resolve("dfn-spark.parquet").toString()).first();
        assertTrue(row.getDouble(row.fieldIndex("bce")) > 0, row.toString());
    }

    @Test
    void aWronglyShapedClipIsAnErrorRowAndTheExitStatusSaysSo() throws Exception {
        Path clips = SparkTestSupport.clipFolder(tmp.resolve("clips"));
        io.nextframe.data.media.Npy.write(clips.resolve("small.npy"), new int[] {8, 32, 32}, new float[8 * 32 * 32],
                io.nextframe.data.media.NpyType.FLOAT32);
        Files.write(clips.resolve("corrupt.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 9});
        String[] args = {"eval", "--model", "svg-det-smmnist", "--data", clips.toString(), "--past", "5", "--future",
                "3", "--backend", "simd", "--json", tmp.resolve("e.json").toString(), "-q"};
        SparkTestSupport.Run failing = SparkTestSupport.spark(args);
        assertEquals(1, failing.code(), failing.err());
        assertTrue(failing.err().contains("small: ") && failing.err().contains("32×32"), failing.err());
        assertTrue(failing.err().contains("corrupt.npy"), failing.err());
        EvalResult r = EvalResultJson.read(tmp.resolve("e.json"));
        assertEquals(5, r.sequences(), "the good clips are evaluated");
        List<Row> rows = SparkTestSupport.spark().read().parquet(tmp.resolve("e.parquet").toString())
                .where("error is not null").orderBy("clip_id").collectAsList();
        assertEquals(List.of("corrupt", "small"), rows.stream().map(x -> x.getString(0)).toList());

        String[] skip = concat(args, new String[] {"--on-error", "skip", "--table",
                tmp.resolve("skip.parquet").toString()});
        assertEquals(0, SparkTestSupport.spark(skip).code());
    }

    @Test
    void aMissingModelFailsBeforeAnyTaskNamingTheFile() throws Exception {
        Path missing = tmp.resolve("no-such-model.safetensors");
        SparkTestSupport.Run r = SparkTestSupport.spark("predict", "--model", missing.toString(), "--input",
                tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no-such-model.safetensors"), r.err());
        Path broken = tmp.resolve("broken.safetensors");
        Files.write(broken, new byte[] {1, 2, 3, 4});
        SparkTestSupport.Run s = SparkTestSupport.spark("eval", "--model", broken.toString(), "--data", "smmnist");
        assertEquals(1, s.code());
        assertTrue(s.err().contains("broken.safetensors"), s.err());
        assertTrue(Files.notExists(tmp.resolve("out")), "nothing was written");
    }

    static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
