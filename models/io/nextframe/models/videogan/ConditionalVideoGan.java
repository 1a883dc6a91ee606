package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/**
 * The "animate a photo" variant: an {@link ImageEncoder} turns the photo into the generator's input code; the critic
 * sees the video with the photo stacked on every frame (C extra channels); training adds the MSE between the middle
 * generated frame and the photo. Children "encoder", "generator", "critic".
 */
public final class ConditionalVideoGan extends Module {
    private final VideoGanConfig cfg;
    private final ImageEncoder encoder;
    private final VideoGenerator generator;
    private final VideoCritic critic;

    public ConditionalVideoGan(Backend backend, VideoGanConfig cfg, boolean twoStream, Rng rng) {
        super(backend);
        this.cfg = cfg;
        encoder = child("encoder", new ImageEncoder(backend, cfg, rng));
        generator = child("generator", twoStream ? new TwoStreamGenerator(backend, cfg, rng)
                : new OneStreamGenerator(backend, cfg, rng));
        critic = child("critic", new VideoCritic(backend, cfg, cfg.channels(), rng));
    }

    public VideoGanConfig config() {
        return cfg;
    }

    public ImageEncoder encoder() {
        return encoder;
    }

    public VideoGenerator generator() {
        return generator;
    }

    public VideoCritic critic() {
        return critic;
    }

    public Generated generate(Var photo) {
        return generator.generate(encoder.forward(photo));
    }

    /** The critic's input: video (B, C, T, H, W) with the photo repeated over time as C more channels. */
    public Var joint(Var video, Var photo) {
        ImageEncoder.checkPhoto("ConditionalVideoGan.joint", photo, cfg);
        Var p = F.reshape(photo, photo.dim(0), photo.dim(1), 1, photo.dim(2), photo.dim(3));
        p = F.broadcastTo(p, Shape.of(photo.dim(0), photo.dim(1), video.dim(2), photo.dim(2), photo.dim(3)));
        return F.concat(List.of(video, p), 1);
    }

    /** MSE between the middle frame of a video and the photo. */
    public Var middleFrameMse(Var video, Var photo) {
        return F.mse(F.select(video, 2, photoIndex(video.dim(2))), photo);
    }

    /**
     * The generated frame the photo stands for: the 16th of 32 (index 15), "the 16th frame is the conditioning
     * photo" (specs/relive-photos.md; CONTRACTS §5's {@code --position} default), i.e. T/2 − 1 for T frames.
     */
    public static int photoIndex(int frames) {
        return Math.max(0, frames / 2 - 1);
    }
}
