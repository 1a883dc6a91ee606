package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.models.svg.SvgEncoder;

/**
 * The content encoder, pose encoder and decoder of a trained DrNET, whether held by a {@code drnet}
 * ({@link DrnetModel}) or a {@code drnet-lstm} ({@link DrnetLstmModel}) file: what the analogy grid and the
 * content/pose probes need.
 */
public interface DrnetCodec extends AutoCloseable {
    DrnetConfig drnetConfig();

    Backend backend();

    /** Evaluation mode (running BatchNorm statistics) for the encoders and the decoder. */
    void evaluationMode();

    SvgEncoder.Encoded content(Var frames);

    Var pose(Var frames);

    Var decode(SvgEncoder.Encoded content, Var pose);

    /** Frees the weights. */
    @Override
    void close();
}
