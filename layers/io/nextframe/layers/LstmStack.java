package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/**
 * Stacked LSTM cells as SVG's nn.ModuleList of LSTMCell (keys "0.weight_ih", "1.weight_hh", …): layer 0 reads the
 * input, layer l reads layer l−1's new h. The state is explicit: pass the previous states (null at the start of a
 * sequence) and get the new ones back; the output is the last layer's h.
 */
public final class LstmStack extends Module {
    private final List<LstmCell> cells = new ArrayList<>();

    public LstmStack(Backend backend, int inputSize, int hiddenSize, int layers, Rng rng) {
        super(backend);
        if (layers < 1) {
            throw new IllegalArgumentException("LstmStack: layers " + layers + " must be ≥ 1");
        }
        for (int l = 0; l < layers; l++) {
            cells.add(child(Integer.toString(l), new LstmCell(backend, l == 0 ? inputSize : hiddenSize, hiddenSize,
                    rng)));
        }
    }

    public int layers() {
        return cells.size();
    }

    public LstmCell cell(int l) {
        return cells.get(l);
    }

    /** One time step; {@code states} is null or one state per layer. Returns the new state of every layer. */
    public List<LstmState> forward(Var x, List<LstmState> states) {
        if (states != null && states.size() != cells.size()) {
            throw new IllegalArgumentException("LstmStack: " + states.size() + " states for " + cells.size()
                    + " layers");
        }
        List<LstmState> out = new ArrayList<>(cells.size());
        Var in = x;
        for (int l = 0; l < cells.size(); l++) {
            LstmState s = cells.get(l).forward(in, states == null ? null : states.get(l));
            out.add(s);
            in = s.h();
        }
        return out;
    }
}
