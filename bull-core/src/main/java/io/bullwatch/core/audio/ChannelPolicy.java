package io.bullwatch.core.audio;

/**
 * How a multi-channel recording becomes the mono signal BullWatch works on.
 *
 * <p>Either the channels are averaged ({@link #downmix()}, the default) or one channel is taken
 * ({@link #channel(int)}), for example the hydrophone channel of a two-microphone recorder.
 *
 * @param channel the 0-based channel to take, or {@code -1} to average all channels
 */
public record ChannelPolicy(int channel) {

    private static final ChannelPolicy DOWNMIX = new ChannelPolicy(-1);

    /** Validates the channel index. */
    public ChannelPolicy {
        if (channel < -1) {
            throw new IllegalArgumentException("channel must be >= 0 (or -1 for downmix), got " + channel);
        }
    }

    /**
     * Average all channels.
     *
     * @return the downmix policy
     */
    public static ChannelPolicy downmix() {
        return DOWNMIX;
    }

    /**
     * Take one channel.
     *
     * @param index 0-based channel index
     * @return the policy
     */
    public static ChannelPolicy channel(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("channel index must be >= 0, got " + index);
        }
        return new ChannelPolicy(index);
    }

    /**
     * Whether this policy averages the channels.
     *
     * @return {@code true} for {@link #downmix()}
     */
    public boolean isDownmix() {
        return channel < 0;
    }

    @Override
    public String toString() {
        return isDownmix() ? "downmix" : "channel " + channel;
    }
}
