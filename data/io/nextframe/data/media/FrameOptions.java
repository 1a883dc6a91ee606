package io.nextframe.data.media;

/**
 * What a model needs from read frames, and whether converting to it is allowed (CONTRACTS §5: RGB content into a
 * grey model, or a size other than the model's, is an error unless conversion / resizing was asked for).
 *
 * @param channels 1 or 3 to require that many channels, 0 to keep what the frames hold (1 if every pixel is grey)
 * @param convert  allow RGB → grey (luma) and grey → RGB
 * @param height   required height, 0 to keep the frames' size
 * @param width    required width, 0 to keep the frames' size
 * @param resize   allow resizing (bilinear, antialiased when shrinking) to height × width, and frames of
 *                 different sizes (each is resized to the target, or to the first frame's size)
 */
public record FrameOptions(int channels, boolean convert, int height, int width, boolean resize) {
    public FrameOptions {
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("FrameOptions: channels must be 0 (as found), 1 or 3, got " + channels);
        }
        if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
            throw new IllegalArgumentException("FrameOptions: give both height and width (or neither), got "
                    + height + "×" + width);
        }
    }

    /** Frames as found: no conversion, no resizing. */
    public static FrameOptions asFound() {
        return new FrameOptions(0, false, 0, 0, false);
    }

    /** Frames converted and resized as needed to channels × height × width. */
    public static FrameOptions convertTo(int channels, int height, int width) {
        return new FrameOptions(channels, true, height, width, true);
    }
}
