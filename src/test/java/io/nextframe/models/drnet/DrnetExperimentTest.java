package io.nextframe.models.drnet;

import io.nextframe.core.Backends;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reduced DrNET experiment of docs/MODELS.md (long): DrNET with β = drnet.beta (default 0.1) and its pose LSTM
 * on the coloured Moving MNIST, reported into drnet.out (default target/drnet-experiment). Sizes and steps come from
 * system properties so the same test runs the β = 0 ablation:
 * {@code mvn test -Dnextframe.tests.exclude= -Dtest=DrnetExperimentTest -Ddrnet.beta=0 -Ddrnet.out=...}.
 */
@Tag("long")
class DrnetExperimentTest {
    @Test
    void reducedExperiment() throws Exception {
        int nf = Integer.getInteger("drnet.nf", 16);
        DrnetConfig c = DrnetConfig.thesis().withSizes(Integer.getInteger("drnet.content", 64),
                        Integer.getInteger("drnet.pose", 5), 100, nf)
                .withLosses(1, Double.parseDouble(System.getProperty("drnet.beta", "0.1")), "bce", true)
                .withTraining(12, 0.002, Integer.getInteger("drnet.batch", 16));
        DrnetLstmConfig l = DrnetLstmConfig.thesis(c).withSizes(Integer.getInteger("drnet.rnn", 128), 2)
                .withTraining(5, 10, 0.002, Integer.getInteger("drnet.batch", 16));
        DrnetExperiment e = new DrnetExperiment(l, Long.getLong("drnet.steps", 300), Long.getLong("drnet.lstmSteps",
                200), 128, Integer.getInteger("drnet.probeClips", 1000), 120, 1);
        Path out = Path.of(System.getProperty("drnet.out", "target/drnet-experiment"));
        DrnetExperiment.Report r = e.run(Backends.get(System.getProperty("drnet.backend", "simd")), out, System.out);
        System.out.println(e.markdown(r));
        assertTrue(Double.isFinite(r.scores().meanPsnr()));
    }
}
