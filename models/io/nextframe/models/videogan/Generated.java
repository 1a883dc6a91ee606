package io.nextframe.models.videogan;

import io.nextframe.core.autograd.Var;

/** A generator's output: the video (B, C, T, H, W) in [−1, 1] and, for the two-stream model, the mask (B, 1, T, H, W). */
public record Generated(Var video, Var mask) {
}
