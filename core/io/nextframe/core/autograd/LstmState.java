package io.nextframe.core.autograd;

/** The hidden and cell state (B, H) of an LSTM cell after one step. */
public record LstmState(Var h, Var c) {
}
