package io.bullwatch.models.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochs every epoch's metrics, in order
 * @param bestEpoch the epoch whose parameters the network holds after training
 * @param stopMetric the metric that chose it
 * @param stoppedEarly whether patience ran out before the last epoch
 * @param seconds the run's wall time
 */
public record TrainingReport(List<EpochMetrics> epochs, int bestEpoch, StopMetric stopMetric,
        boolean stoppedEarly, double seconds) {

    /** Copies the list. */
    public TrainingReport {
        epochs = List.copyOf(epochs);
    }

    /** @return the best epoch's metrics */
    public EpochMetrics best() {
        return epochs.stream().filter(e -> e.epoch() == bestEpoch).findFirst().orElseThrow();
    }
}
