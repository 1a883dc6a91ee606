package io.nextframe.models.drnet;

import java.util.Map;

/**
 * The pose LSTM of train_lstm.py (edenton/drnet-py) on top of a trained DrNET: lstm(pose + content → pose) with
 * {@code rnn_layers} LSTM cells of {@code rnn_size}, trained with Adam (lr 2e-4, β1 0.9, batch 100) on n_past +
 * n_future = 10 + 10 frames. In a {@code drnet-lstm} file the DrNET keys keep their names and the LSTM stage's
 * training options carry an {@code lstm_} prefix ({@code lstm_lr}, {@code lstm_beta1}, {@code lstm_batch_size})
 * because DrNET's own lr, beta1 and batch_size stay beside them.
 */
public record DrnetLstmConfig(DrnetConfig drnet, int rnnSize, int rnnLayers, int nPast, int nFuture, double lr,
                              double beta1, int batchSize) {
    public DrnetLstmConfig {
        if (drnet == null) {
            throw new IllegalArgumentException("DrnetLstmConfig: the DrNET config is required");
        }
        if (rnnSize < 1 || rnnLayers < 1) {
            throw new IllegalArgumentException("DrnetLstmConfig: rnn_size " + rnnSize + " and rnn_layers "
                    + rnnLayers + " must be ≥ 1");
        }
        if (nPast < 1 || nFuture < 1) {
            throw new IllegalArgumentException("DrnetLstmConfig: n_past " + nPast + " and n_future " + nFuture
                    + " must be ≥ 1");
        }
        if (!(lr > 0) || Double.isInfinite(lr) || !(beta1 >= 0 && beta1 < 1) || batchSize < 1) {
            throw new IllegalArgumentException("DrnetLstmConfig: lstm_lr " + lr + " > 0, lstm_beta1 " + beta1
                    + " in [0, 1) and lstm_batch_size " + batchSize + " ≥ 1 expected");
        }
    }

    /** train_lstm.py's defaults: 2 × 256, n_past 10, n_future 10, lr 2e-4, β1 0.9, batch 100. */
    public static DrnetLstmConfig code(DrnetConfig drnet) {
        return new DrnetLstmConfig(drnet, 256, 2, 10, 10, 2e-4, 0.9, 100);
    }

    /** The thesis's Moving MNIST setting: observe 5, predict 10, lr 0.002. */
    public static DrnetLstmConfig thesis(DrnetConfig drnet) {
        return new DrnetLstmConfig(drnet, 256, 2, 5, 10, 0.002, 0.9, 100);
    }

    public DrnetLstmConfig withSizes(int rnn, int layers) {
        return new DrnetLstmConfig(drnet, rnn, layers, nPast, nFuture, lr, beta1, batchSize);
    }

    public DrnetLstmConfig withTraining(int past, int future, double learningRate, int batch) {
        return new DrnetLstmConfig(drnet, rnnSize, rnnLayers, past, future, learningRate, beta1, batch);
    }

    /** The LSTM's input width: pose_dim + content_dim (input cat([h_p, h_c])). */
    public int inputSize() {
        return drnet.poseDim() + drnet.contentDim();
    }

    /** The metadata of a {@code drnet-lstm} file. */
    public Map<String, String> metadata() {
        Map<String, String> m = drnet.metadata("drnet-lstm");
        m.put("rnn_size", Integer.toString(rnnSize));
        m.put("rnn_layers", Integer.toString(rnnLayers));
        m.put("n_past", Integer.toString(nPast));
        m.put("n_future", Integer.toString(nFuture));
        m.put("lstm_lr", Double.toString(lr));
        m.put("lstm_beta1", Double.toString(beta1));
        m.put("lstm_batch_size", Integer.toString(batchSize));
        return m;
    }

    /** Reads {@link #metadata()}; rnn_size and rnn_layers are required, training options default to the code's. */
    public static DrnetLstmConfig fromMetadata(Map<String, String> m) {
        DrnetConfig drnet = DrnetConfig.fromMetadata(m);
        DrnetLstmConfig d = code(drnet);
        return new DrnetLstmConfig(drnet, Meta.integer(m, "rnn_size", null), Meta.integer(m, "rnn_layers", null),
                Meta.integer(m, "n_past", d.nPast()), Meta.integer(m, "n_future", d.nFuture()),
                Meta.number(m, "lstm_lr", d.lr()), Meta.number(m, "lstm_beta1", d.beta1()),
                Meta.integer(m, "lstm_batch_size", d.batchSize()));
    }
}
