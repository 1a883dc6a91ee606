package io.nextframe.models.dfn;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/**
 * The transformer part shared by DFN's models: the filter-generating network's last layer gives kh·kw filter
 * logits and optionally one dynamic-bias channel after them; the input frame plus the bias (Ĩ = I + β, the code's
 * FeaturePool sum) is filtered per pixel by the softmax of the logits.
 */
final class DynamicFilterHead {

    private DynamicFilterHead() {
    }

    /** The filtered frame and the applied filters. */
    static DfnNetwork.Step apply(Var frame, Var head, int kh, int kw, boolean dynamicBias, Var hidden) {
        int k = kh * kw;
        if (head.dim(1) != k + (dynamicBias ? 1 : 0)) {
            throw new IllegalArgumentException("DFN head: " + head.dim(1) + " channels, expected " + k
                    + (dynamicBias ? " filter taps + 1 bias" : " filter taps"));
        }
        Var logits = dynamicBias ? F.slice(head, 1, 0, k) : head;
        Var input = dynamicBias ? F.add(frame, F.slice(head, 1, k, k + 1)) : frame;
        Var filters = F.softmax(logits, 1);
        return new DfnNetwork.Step(F.localFilter(input, filters, kh, kw), hidden, filters);
    }
}
