package io.nextframe.models.videogan;

/**
 * Sizes of the next-frame predictors: frames of {@code channels} × {@code size} × {@code size}; the CNN encoder has
 * {@code stages} stride-2 4×4 convolutions of widths width·2^i, the decoder mirrors it; {@code hidden} is the LSTM
 * width (1024 in the paper's predictor), ConvLSTM uses the encoder's last width.
 */
public record PredictorConfig(int channels, int size, int width, int hidden, int stages) {

    public PredictorConfig {
        if (channels < 1 || width < 1 || hidden < 1 || stages < 1) {
            throw new IllegalArgumentException("PredictorConfig: channels " + channels + ", width " + width
                    + ", hidden " + hidden + ", stages " + stages + " must be ≥ 1");
        }
        if (size % (1 << stages) != 0 || size >> stages < 1) {
            throw new IllegalArgumentException("PredictorConfig: size " + size + " must be divisible by 2^stages = "
                    + (1 << stages));
        }
    }

    public static PredictorConfig paper(int channels) {
        return new PredictorConfig(channels, 64, 64, 1024, 4);
    }

    public static PredictorConfig tiny(int channels) {
        return new PredictorConfig(channels, 16, 4, 16, 2);
    }

    /** Side of the encoder's output grid. */
    public int codeSide() {
        return size >> stages;
    }

    /** Width of the encoder's last stage. */
    public int codeWidth() {
        return width << (stages - 1);
    }
}
