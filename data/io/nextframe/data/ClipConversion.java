package io.nextframe.data;

import io.nextframe.data.media.FrameOptions;

/**
 * Brings a clip read from a tensor file to the channels and size a model needs, under the same rules as decoded
 * images (CONTRACTS §5): grey → RGB repeats the channel; RGB → grey (ITU-R 601 luma) only with conversion allowed;
 * another size only with resizing allowed (bilinear, antialiased when shrinking).
 */
public final class ClipConversion {
    private ClipConversion() {
    }

    public static Clip apply(Clip clip, FrameOptions o, String source) {
        int c = o.channels() == 0 ? clip.channels() : o.channels();
        int h = o.height() == 0 ? clip.height() : o.height();
        int w = o.width() == 0 ? clip.width() : o.width();
        if (c == 1 && clip.channels() == 3 && !o.convert()) {
            throw new DataFormatException(source, "colour frames (3 channels) but the model takes one (grey); "
                    + "--convert reads them as luma");
        }
        if ((h != clip.height() || w != clip.width()) && !o.resize()) {
            throw new DataFormatException(source, "frames of " + clip.width() + "×" + clip.height()
                    + " pixels but the model takes " + w + "×" + h + "; --resize scales them");
        }
        if (c == clip.channels() && h == clip.height() && w == clip.width()) {
            return clip;
        }
        Clip out = Clip.zeros(clip.frames(), c, h, w);
        int plane = clip.height() * clip.width();
        for (int t = 0; t < clip.frames(); t++) {
            float[] src = clip.frame(t);
            float[] chan = src;
            if (c != clip.channels()) {
                chan = new float[c * plane];
                for (int i = 0; i < plane; i++) {
                    if (c == 1) {
                        chan[i] = (float) (0.299 * src[i] + 0.587 * src[plane + i] + 0.114 * src[2 * plane + i]);
                    } else {
                        chan[i] = chan[plane + i] = chan[2 * plane + i] = src[i];
                    }
                }
            }
            if (h != clip.height() || w != clip.width()) {
                chan = Resize.bilinear(chan, c, clip.height(), clip.width(), h, w);
            }
            System.arraycopy(chan, 0, out.data(), t * out.frameSize(), out.frameSize());
        }
        return out;
    }
}
