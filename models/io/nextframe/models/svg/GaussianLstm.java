package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Linear;
import io.nextframe.layers.LstmStack;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/**
 * models/lstm.py {@code gaussian_lstm(in, out, H, n)}: embed, n stacked LSTMCell(H, H), mu_net and logvar_net
 * Linear(H, out). This class returns μ and log σ²; the caller draws z = μ + exp(½·logvar)·ε with its own noise so
 * that the draws are counter-based and the same on every backend.
 */
public final class GaussianLstm extends Module {
    private final Linear embed;
    private final LstmStack lstm;
    private final Linear muNet;
    private final Linear logvarNet;

    public GaussianLstm(Backend b, int in, int out, int hidden, int layers, Rng rng) {
        super(b);
        embed = child("embed", new Linear(b, in, hidden, rng));
        lstm = child("lstm", new LstmStack(b, hidden, hidden, layers, rng));
        muNet = child("mu_net", new Linear(b, hidden, out, rng));
        logvarNet = child("logvar_net", new Linear(b, hidden, out, rng));
    }

    public Step step(Var x, List<LstmState> state) {
        List<LstmState> next = lstm.forward(embed.forward(x), state);
        Var h = next.getLast().h();
        return new Step(muNet.forward(h), logvarNet.forward(h), next);
    }

    public record Step(Var mu, Var logvar, List<LstmState> state) {
    }
}
