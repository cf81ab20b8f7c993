package io.bullwatch.cli.review;

import io.bullwatch.core.review.BullCount;
import io.bullwatch.core.review.CountUnit;
import io.bullwatch.core.review.CountingSample;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ReviewFolder;
import io.bullwatch.core.review.ReviewNight;
import io.bullwatch.core.review.ReviewStore;
import io.bullwatch.core.review.ScoreCalibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nights of one output folder as the review page and the count see them: each night's
 * stretches (read once), its verdict store, its count and counting sample. A night whose files
 * cannot be read is kept with its error, so one bad night never hides the others.
 */
public final class ReviewSession {

    /** One night, or why it cannot be reviewed. */
    public static final class Night {
        private final ReviewNight files;
        private final List<CountUnit> units;
        private final ReviewStore store;
        private final String error;

        Night(ReviewNight files, List<CountUnit> units, ReviewStore store, String error) {
            this.files = files;
            this.units = units;
            this.store = store;
            this.error = error;
        }

        /** @return the night's files */
        public ReviewNight files() {
            return files;
        }

        /** @return its stretches (events first), empty when it has an error */
        public List<CountUnit> units() {
            return units;
        }

        /** @return its verdict store, or empty when it has an error */
        public Optional<ReviewStore> store() {
            return Optional.ofNullable(store);
        }

        /** @return why it cannot be reviewed, or empty */
        public Optional<String> error() {
            return Optional.ofNullable(error);
        }

        /** @return its verdicts by stretch key */
        public Map<String, ReviewEntry> verdicts() {
            return store == null ? Map.of() : store.byKey();
        }

        /** @return the stretch with this key, if the night has it */
        public Optional<CountUnit> unit(String key) {
            return units.stream().filter(u -> u.key().equals(key)).findFirst();
        }
    }

    private final Path out;
    private final Map<String, Night> nights;
    private final Optional<ScoreCalibration> calibration;
    private final int budget;
    private final Map<String, Cached<BullCount.Night>> counts = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<CountUnit>>> samples = new ConcurrentHashMap<>();

    /** A value computed from a night's verdicts as of one version of its store. */
    private record Cached<T>(long version, T value) {
    }

    private ReviewSession(Path out, Map<String, Night> nights, Optional<ScoreCalibration> calibration, int budget) {
        this.out = out;
        this.nights = nights;
        this.calibration = calibration;
        this.budget = budget;
    }

    /**
     * Reads an output folder's nights.
     *
     * @param out the {@code bull detect} output folder
     * @param calibration the model's calibration data, if known
     * @param budget counting-sample verdicts per night ({@link CountingSample#draw})
     * @return the session
     * @throws IOException if the folder itself cannot be read
     */
    public static ReviewSession open(Path out, Optional<ScoreCalibration> calibration, int budget) throws IOException {
        Map<String, Night> nights = new LinkedHashMap<>();
        for (ReviewNight n : ReviewFolder.scan(out)) {
            try {
                List<CountUnit> units = n.units();
                nights.put(n.name(), new Night(n, units, ReviewStore.open(n.review()), null));
            } catch (IOException | RuntimeException e) {
                nights.put(n.name(), new Night(n, List.of(), null,
                        e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new ReviewSession(out, nights, calibration, budget);
    }

    /** @return the output folder */
    public Path out() {
        return out;
    }

    /** @return the nights by name, in name order */
    public Map<String, Night> nights() {
        return nights;
    }

    /** @return the night with this name, if there is one (the only way a request reaches a file) */
    public Optional<Night> night(String name) {
        return Optional.ofNullable(name == null ? null : nights.get(name));
    }

    /** @return the model's calibration data, if known */
    public Optional<ScoreCalibration> calibration() {
        return calibration;
    }

    /** @return counting-sample verdicts per night */
    public int budget() {
        return budget;
    }

    /**
     * A night's count from its verdicts as they are now.
     *
     * @param night the night (without error)
     * @return its count
     */
    public BullCount.Night count(Night night) {
        // the count is a few thousand draws per stratum: kept until the night's next verdict
        long version = night.store().map(ReviewStore::version).orElse(0L);
        Cached<BullCount.Night> cached = counts.get(night.files().name());
        if (cached != null && cached.version() == version) {
            return cached.value();
        }
        BullCount.Night c = BullCount.night(night.files().name(), night.units(), night.verdicts(), calibration);
        counts.put(night.files().name(), new Cached<>(version, c));
        return c;
    }

    /**
     * A night's counting sample: the stretches still to judge (kept until the night's next verdict).
     *
     * @param night the night
     * @return the stretches, see {@link CountingSample#draw}
     */
    public List<CountUnit> sample(Night night) {
        long version = night.store().map(ReviewStore::version).orElse(0L);
        Cached<List<CountUnit>> cached = samples.get(night.files().name());
        if (cached != null && cached.version() == version) {
            return cached.value();
        }
        List<CountUnit> sample = List.copyOf(CountingSample.draw(night.files().name(), night.units(), night.verdicts(),
                calibration, budget));
        samples.put(night.files().name(), new Cached<>(version, sample));
        return sample;
    }

    /**
     * Per-site sums of the nights' counts.
     *
     * @param counts counts of nights without errors, by night name
     * @return by site, in order of first appearance
     */
    public Map<String, BullCount.Estimate> sites(Map<String, BullCount.Night> counts) {
        Map<String, List<BullCount.Night>> bySite = new LinkedHashMap<>();
        for (Map.Entry<String, BullCount.Night> e : counts.entrySet()) {
            bySite.computeIfAbsent(nights.get(e.getKey()).files().site(), s -> new ArrayList<>()).add(e.getValue());
        }
        Map<String, BullCount.Estimate> out = new LinkedHashMap<>();
        bySite.forEach((site, list) -> out.put(site, BullCount.total(list)));
        return out;
    }
}
