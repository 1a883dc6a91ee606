package io.nextframe.models.dfn;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference code's unrolling over P + F frames (P = 10, F = 10): steps 0 … P−2 read ground-truth frames 0 … P−2
 * (outputs discarded, only the hidden state advances); step P−1 reads frame P−1 and predicts frame P; steps
 * P … P+F−2 read the previous (unclipped) prediction. The loss is BCE with predictions clipped to [ε, 1 − ε], the
 * mean over batch and pixels of each frame, then over the F frames (equal frame sizes: the mean over all).
 */
public final class DfnUnroll {

    private DfnUnroll() {
    }

    /** The F predictions, each (B, 1, H, W), from a clip batch (B, T ≥ P, 1, H, W) whose first P frames are read. */
    public static List<Var> rollout(DfnNetwork net, Var clips, int future) {
        int p = net.config().inputSeqlen();
        Var hidden = net.initialHidden(clips.dim(0));
        List<Var> predictions = new ArrayList<>(future);
        Var input = null;
        for (int t = 0; t < p + future - 1; t++) {
            if (t < p) {
                input = F.select(clips, 1, t);
            }
            DfnNetwork.Step s = net.step(input, hidden);
            hidden = s.hidden();
            if (t >= p - 1) {
                predictions.add(s.output());
                input = s.output();
            }
        }
        return predictions;
    }

    /** The training loss of a batch (B, P + F, 1, H, W). */
    public static Var loss(DfnNetwork net, Var clips) {
        DfnConfig c = net.config();
        List<Var> pred = rollout(net, clips, c.targetSeqlen());
        Var predicted = F.stack(pred, 1);
        Var target = F.slice(clips, 1, c.inputSeqlen(), c.inputSeqlen() + c.targetSeqlen());
        return F.bce(predicted, target, (float) c.eps());
    }
}
