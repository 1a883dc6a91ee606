package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.Linear;
import io.nextframe.layers.LstmStack;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

import java.util.List;

/**
 * models/lstm.py {@code lstm(in, out, H, n)}: embed = Linear(in, H) (no nonlinearity), n stacked LSTMCell(H, H),
 * output = Linear(H, out) + Tanh. The recurrent state is explicit (null at the start of a sequence).
 */
public final class SvgLstm extends Module {
    private final Linear embed;
    private final LstmStack lstm;
    private final Sequential output;

    public SvgLstm(Backend b, int in, int out, int hidden, int layers, Rng rng) {
        super(b);
        embed = child("embed", new Linear(b, in, hidden, rng));
        lstm = child("lstm", new LstmStack(b, hidden, hidden, layers, rng));
        output = child("output", new Sequential(b, new Linear(b, hidden, out, rng), Activation.tanh(b)));
    }

    /** One step: the output and the new state. */
    public Step step(Var x, List<LstmState> state) {
        List<LstmState> next = lstm.forward(embed.forward(x), state);
        return new Step(output.forward(next.getLast().h()), next);
    }

    public record Step(Var out, List<LstmState> state) {
    }
}
