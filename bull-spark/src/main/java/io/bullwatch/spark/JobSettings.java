package io.bullwatch.spark;

import io.bullwatch.core.events.EventRule;
import io.bullwatch.models.detect.DetectorOptions;
import java.io.Serializable;

/**
 * What every task of a run needs besides its recording and the bundle: the output folder and the
 * detector's options.
 *
 * @param out the output folder's fully qualified Hadoop path
 * @param threshold the threshold override, or null for the bundle's
 * @param mergeGap seconds: closer events are joined
 * @param minDuration seconds: shorter events are widened
 * @param maxDuration seconds: longer events are cut
 * @param threadsPerTask inference threads per task
 */
record JobSettings(String out, Double threshold, double mergeGap, double minDuration, double maxDuration,
        int threadsPerTask) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** @return the event rule of {@code bull detect} with these settings (its threshold set later) */
    EventRule events() {
        return events(mergeGap, minDuration, maxDuration);
    }

    /**
     * The event rule of {@code bull detect}'s options, its threshold set later.
     *
     * @throws IllegalArgumentException for settings out of range (the message says which)
     */
    static EventRule events(double mergeGap, double minDuration, double maxDuration) {
        return new EventRule(0, true, mergeGap, minDuration, maxDuration, EventRule.Aggregate.MAX);
    }

    /** @return these settings writing to another (qualified) output folder */
    JobSettings withOut(String qualified) {
        return new JobSettings(qualified, threshold, mergeGap, minDuration, maxDuration, threadsPerTask);
    }

    /** @return the detector options */
    DetectorOptions options() {
        DetectorOptions o = DetectorOptions.defaults().withThreads(threadsPerTask)
                .withEvents(DetectorOptions.EventSettings.of(events()));
        return threshold == null ? o : o.withThreshold(threshold);
    }
}
