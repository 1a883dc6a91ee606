package io.nextframe.tools;

import io.nextframe.data.Clip;
import io.nextframe.data.media.PanelGif;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The GIF predict and eval write: per clip a row "truth | sample 1 | …", each panel context then predictions. */
public final class PredictionGif {
    private PredictionGif() {
    }

    /**
     * @param clips   the input clips (context, then ground truth where present)
     * @param all     predictions (N, K, F, C, H, W) of those clips
     * @param samples K in {@code all}
     * @param shown   how many of the K samples to show (1 for a deterministic model, whose samples repeat)
     */
    public static void write(Path file, List<Clip> clips, float[] all, int samples, int past, int future, int shown)
            throws IOException {
        List<String> labels = new ArrayList<>();
        labels.add("truth");
        for (int s = 0; s < shown; s++) {
            labels.add(shown == 1 ? "predicted" : "sample " + (s + 1));
        }
        Clip first = clips.getFirst();
        PanelGif gif = new PanelGif(labels, past).scale(first.height() <= 64 ? 2 : 1);
        int frame = first.frameSize();
        int per = samples * future * frame;
        for (int i = 0; i < clips.size(); i++) {
            Clip clip = clips.get(i);
            List<Clip> row = new ArrayList<>();
            row.add(clip.frames(0, Math.min(clip.frames(), past + future)));
            for (int s = 0; s < shown; s++) {
                Clip panel = Clip.zeros(past + future, clip.channels(), clip.height(), clip.width());
                System.arraycopy(clip.data(), 0, panel.data(), 0, past * frame);
                System.arraycopy(all, i * per + s * future * frame, panel.data(), past * frame, future * frame);
                row.add(panel);
            }
            gif.row(row);
        }
        gif.write(file, 150);
    }
}
