package example;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.GifWriter;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.PredictionSession;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;

import java.nio.file.Path;

/**
 * Predicts 10 frames after the first 5 of a GIF and writes them as a GIF, then shows the streaming API: frames fed
 * one at a time, a fresh prediction after each.
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp … example.PredictGif \
 *     svg-lp-smmnist clip.gif prediction.gif</pre>
 */
public final class PredictGif {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PredictGif <model file or built-in name> <input.gif> <output.gif>");
            System.exit(2);
        }
        try (Backend backend = Backends.open("auto");
             Predictor model = Predictors.open(args[0], backend)) {
            // read the GIF as the model's frames: grey or RGB and its size, converting if needed
            Clip clip = FrameReader.read(Path.of(args[1]),
                    FrameOptions.convertTo(model.channels(), model.height(), model.width()));

            // batch: one call, K samples × F frames
            int past = Math.min(5, clip.frames());
            float[] frames = model.predict(clip, new PredictOptions(past, 10, 1, 42, Latent.SAMPLE));
            GifWriter.write(Path.of(args[2]), new Clip(10, model.channels(), model.height(), model.width(), frames),
                    150);
            System.out.println("wrote 10 predicted frames to " + args[2]);

            // streaming: feed frames as they arrive; predict the next 3 after each
            try (PredictionSession live = model.openSession(1, 42, Latent.SAMPLE)) {
                for (int t = 0; t < clip.frames(); t++) {
                    live.observe(clip.frame(t));
                    if (live.observed() >= model.minPast()) {
                        float[] next = live.predict(3);
                        System.out.printf("after frame %d: next 3 frames predicted (mean intensity %.3f)%n", t,
                                mean(next));
                    }
                }
            }
        }
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }
}
