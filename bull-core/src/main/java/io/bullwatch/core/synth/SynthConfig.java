package io.bullwatch.core.synth;

/**
 * What a synthetic corpus holds: how many sites and hours, and how loud and frequent bulls and
 * distractors are. Build with {@link #builder()}; every option has a default ({@link #defaults()}).
 *
 * <p>The corpus has {@code n} recordings, {@code n} the smallest multiple of {@code sites} that is
 * at least {@code hours * 3600 / maxRecordingSeconds}; each lasts {@code hours * 3600 / n} seconds
 * (whole frames), and recording {@code i} belongs to site {@code i mod sites}.
 *
 * @param seed the corpus seed: the same configuration and seed give the same bytes
 * @param sites number of sites, {@code >= 1}
 * @param hours total hours of audio, {@code > 0}
 * @param maxRecordingSeconds longest recording, {@code >= 60}
 * @param sampleRate sample rate in Hz, 8000 to 192000
 * @param bullsPerHour mean number of bulls per hour over a night
 * @param bullSnrMinDb lowest bull SNR (event power over the local background power), dB
 * @param bullSnrMaxDb highest bull SNR, dB
 * @param distractorsPerHour mean number of distractor events per hour, all kinds together
 * @param distractorSnrMinDb lowest distractor SNR, dB
 * @param distractorSnrMaxDb highest distractor SNR, dB
 */
public record SynthConfig(long seed, int sites, double hours, double maxRecordingSeconds, int sampleRate,
        double bullsPerHour, double bullSnrMinDb, double bullSnrMaxDb, double distractorsPerHour,
        double distractorSnrMinDb, double distractorSnrMaxDb) {

    /** Validates. */
    public SynthConfig {
        if (sites < 1 || sites > 1000) {
            throw new IllegalArgumentException("sites must be 1 to 1000, got " + sites);
        }
        if (!(hours > 0) || hours > 10_000) {
            throw new IllegalArgumentException("hours must be > 0 and <= 10000, got " + hours);
        }
        if (!(maxRecordingSeconds >= 60) || !Double.isFinite(maxRecordingSeconds)) {
            throw new IllegalArgumentException("recording length must be >= 60 s, got " + maxRecordingSeconds);
        }
        if (sampleRate < 8000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("sample rate must be 8000 to 192000 Hz, got " + sampleRate);
        }
        if (!(bullsPerHour >= 0) || bullsPerHour > 600) {
            throw new IllegalArgumentException("bulls per hour must be 0 to 600, got " + bullsPerHour);
        }
        if (!(distractorsPerHour >= 0) || distractorsPerHour > 3600) {
            throw new IllegalArgumentException("distractors per hour must be 0 to 3600, got " + distractorsPerHour);
        }
        checkRange("bull SNR", bullSnrMinDb, bullSnrMaxDb);
        checkRange("distractor SNR", distractorSnrMinDb, distractorSnrMaxDb);
    }

    private static void checkRange(String what, double lo, double hi) {
        if (!(lo >= -40 && hi <= 60 && lo <= hi)) {
            throw new IllegalArgumentException(what + " range must satisfy -40 <= min <= max <= 60 dB, got "
                    + lo + " to " + hi);
        }
    }

    /**
     * The default configuration: seed 1, 3 sites, 2 hours in recordings of up to 1 hour at 44.1 kHz,
     * 8 bulls per hour at -5 to 15 dB, 100 distractors per hour at -5 to 20 dB.
     *
     * @return the defaults
     */
    public static SynthConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder with every option copied
     */
    public Builder toBuilder() {
        return new Builder().optSeed(seed).optSites(sites).optHours(hours).optMaxRecordingSeconds(maxRecordingSeconds)
                .optSampleRate(sampleRate).optBullsPerHour(bullsPerHour).optBullSnrDb(bullSnrMinDb, bullSnrMaxDb)
                .optDistractorsPerHour(distractorsPerHour)
                .optDistractorSnrDb(distractorSnrMinDb, distractorSnrMaxDb);
    }

    /**
     * Number of recordings in the corpus.
     *
     * @return a multiple of {@link #sites()}
     */
    public int recordings() {
        double total = hours * 3600;
        int n = (int) Math.ceil(total / maxRecordingSeconds - 1e-9);
        n = Math.max(n, sites);
        return (n + sites - 1) / sites * sites;
    }

    /**
     * Length of each recording in frames.
     *
     * @return {@code round(hours * 3600 / recordings() * sampleRate)}
     */
    public long recordingFrames() {
        return Math.round(hours * 3600 / recordings() * sampleRate);
    }

    /** Builder of {@link SynthConfig}; every option is optional. */
    public static final class Builder {
        private long seed = 1;
        private int sites = 3;
        private double hours = 2;
        private double maxRecordingSeconds = 3600;
        private int sampleRate = 44_100;
        private double bullsPerHour = 8;
        private double bullSnrMinDb = -5;
        private double bullSnrMaxDb = 15;
        private double distractorsPerHour = 100;
        private double distractorSnrMinDb = -5;
        private double distractorSnrMaxDb = 20;

        private Builder() {
        }

        /**
         * Sets the seed.
         *
         * @param value any long
         * @return this builder
         */
        public Builder optSeed(long value) {
            seed = value;
            return this;
        }

        /**
         * Sets the number of sites.
         *
         * @param value {@code >= 1}
         * @return this builder
         */
        public Builder optSites(int value) {
            sites = value;
            return this;
        }

        /**
         * Sets the total hours.
         *
         * @param value {@code > 0}
         * @return this builder
         */
        public Builder optHours(double value) {
            hours = value;
            return this;
        }

        /**
         * Sets the longest recording.
         *
         * @param value seconds, {@code >= 60}
         * @return this builder
         */
        public Builder optMaxRecordingSeconds(double value) {
            maxRecordingSeconds = value;
            return this;
        }

        /**
         * Sets the sample rate.
         *
         * @param value Hz
         * @return this builder
         */
        public Builder optSampleRate(int value) {
            sampleRate = value;
            return this;
        }

        /**
         * Sets the mean bull rate.
         *
         * @param value bulls per hour
         * @return this builder
         */
        public Builder optBullsPerHour(double value) {
            bullsPerHour = value;
            return this;
        }

        /**
         * Sets the bull SNR range (drawn uniformly in dB).
         *
         * @param min lowest, dB
         * @param max highest, dB
         * @return this builder
         */
        public Builder optBullSnrDb(double min, double max) {
            bullSnrMinDb = min;
            bullSnrMaxDb = max;
            return this;
        }

        /**
         * Sets the mean distractor rate, all kinds together.
         *
         * @param value events per hour
         * @return this builder
         */
        public Builder optDistractorsPerHour(double value) {
            distractorsPerHour = value;
            return this;
        }

        /**
         * Sets the distractor SNR range (drawn uniformly in dB).
         *
         * @param min lowest, dB
         * @param max highest, dB
         * @return this builder
         */
        public Builder optDistractorSnrDb(double min, double max) {
            distractorSnrMinDb = min;
            distractorSnrMaxDb = max;
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the configuration
         * @throws IllegalArgumentException if an option is out of range
         */
        public SynthConfig build() {
            return new SynthConfig(seed, sites, hours, maxRecordingSeconds, sampleRate, bullsPerHour,
                    bullSnrMinDb, bullSnrMaxDb, distractorsPerHour, distractorSnrMinDb, distractorSnrMaxDb);
        }
    }
}
