package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/** Parameter-free elementwise (or per-axis, for softmax) activations, usable inside {@link Sequential}. */
public final class Activation extends Block {

    public enum Kind { RELU, LEAKY_RELU, SIGMOID, TANH, SOFTMAX, LOG_SOFTMAX, IDENTITY }

    private final Kind kind;
    private final float slope;
    private final int axis;

    private Activation(Backend backend, Kind kind, float slope, int axis) {
        super(backend);
        this.kind = kind;
        this.slope = slope;
        this.axis = axis;
    }

    public static Activation relu(Backend b) {
        return new Activation(b, Kind.RELU, 0f, 0);
    }

    public static Activation leakyRelu(Backend b, float slope) {
        return new Activation(b, Kind.LEAKY_RELU, slope, 0);
    }

    public static Activation sigmoid(Backend b) {
        return new Activation(b, Kind.SIGMOID, 0f, 0);
    }

    public static Activation tanh(Backend b) {
        return new Activation(b, Kind.TANH, 0f, 0);
    }

    public static Activation softmax(Backend b, int axis) {
        return new Activation(b, Kind.SOFTMAX, 0f, axis);
    }

    public static Activation logSoftmax(Backend b, int axis) {
        return new Activation(b, Kind.LOG_SOFTMAX, 0f, axis);
    }

    public static Activation identity(Backend b) {
        return new Activation(b, Kind.IDENTITY, 0f, 0);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Var forward(Var x) {
        return switch (kind) {
            case RELU -> F.relu(x);
            case LEAKY_RELU -> F.leakyRelu(x, slope);
            case SIGMOID -> F.sigmoid(x);
            case TANH -> F.tanh(x);
            case SOFTMAX -> F.softmax(x, axis);
            case LOG_SOFTMAX -> F.logSoftmax(x, axis);
            case IDENTITY -> x;
        };
    }
}
