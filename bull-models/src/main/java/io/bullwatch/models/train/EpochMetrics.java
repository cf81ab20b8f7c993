package io.bullwatch.models.train;

import java.util.Locale;

/**
 * One epoch's numbers.
 *
 * @param epoch the epoch, from 1
 * @param trainLoss the mean training loss over its optimiser steps
 * @param validationLoss the validation loss (same loss and weights as training)
 * @param averageRecallAtHalf validation average recall with threshold 0.5
 * @param bestAverageRecall the best validation average recall over all thresholds
 * @param averagePrecision validation average precision
 * @param rocAuc validation ROC AUC
 * @param windowsPerSecond training windows per second in this epoch
 * @param seconds the epoch's wall time, validation included
 */
public record EpochMetrics(int epoch, double trainLoss, double validationLoss,
        double averageRecallAtHalf, double bestAverageRecall, double averagePrecision,
        double rocAuc, double windowsPerSecond, double seconds) {

    /** The CSV header matching {@link #toCsv()}. */
    public static final String CSV_HEADER = "epoch,train_loss,val_loss,val_avg_recall_at_0.5,"
            + "val_best_avg_recall,val_average_precision,val_roc_auc,windows_per_s,seconds";

    /**
     * The value of a stop metric.
     *
     * @param metric the metric
     * @return its value in this epoch
     */
    public double value(StopMetric metric) {
        return switch (metric) {
            case AVERAGE_RECALL -> bestAverageRecall;
            case AVERAGE_PRECISION -> averagePrecision;
            case LOSS -> validationLoss;
        };
    }

    /** @return one CSV row, locale-independent */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f", epoch,
                trainLoss, validationLoss, averageRecallAtHalf, bestAverageRecall, averagePrecision,
                rocAuc, windowsPerSecond, seconds);
    }

    /**
     * Parses a {@link #toCsv()} row.
     *
     * @param row the row
     * @return the metrics
     */
    public static EpochMetrics parseCsv(String row) {
        String[] f = row.split(",");
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
                Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]));
    }
}
