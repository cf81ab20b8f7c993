package io.bullwatch.models.train;

import ai.djl.training.loss.Loss;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.loss.BinaryFocalLoss;
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
            case LAST -> epoch;
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

    /**
     * An epoch's metrics from its validation scores, the validation loss computed with the
     * training loss itself (class weights, or the focal loss's alpha and gamma).
     *
     * @param epoch the epoch
     * @param trainLoss its mean training loss
     * @param val {logits0, logits1, bull probability} of every validation window
     * @param v the validation windows
     * @param weights the class weights
     * @param loss the training loss
     * @param speed training windows per second
     * @param seconds the epoch's wall time
     * @return the metrics
     */
    static EpochMetrics of(int epoch, double trainLoss, float[][] val, WindowSet v,
            float[] weights, Loss loss, double speed, double seconds) {
        boolean[] bulls = v.bulls();
        double lossSum = 0;
        double norm = 0;
        for (int i = 0; i < bulls.length; i++) {
            double a = val[0][i];
            double b = val[1][i];
            double mx = Math.max(a, b);
            double lse = mx + Math.log(Math.exp(a - mx) + Math.exp(b - mx));
            double logp = (bulls[i] ? b : a) - lse;
            double w = weights[bulls[i] ? 1 : 0];
            if (loss instanceof BinaryFocalLoss focal) {
                double pt = Math.exp(logp);
                double alpha = focal.alpha().orElse(Double.NaN);
                w = Double.isNaN(alpha) ? 1 : bulls[i] ? alpha : 1 - alpha;
                lossSum += -w * Math.pow(Math.max(1 - pt, BinaryFocalLoss.MIN_ONE_MINUS_PT),
                        focal.gamma()) * logp;
                norm += 1;
            } else {
                lossSum += -w * logp;
                norm += w;
            }
        }
        ThresholdSweep sweep = ThresholdSweep.of(val[2], bulls);
        Confusion half = Confusion.of(val[2], bulls, 0.5);
        double bestAvg = sweep.maxAverageRecall().map(p -> p.confusion().averageRecall())
                .orElse(Double.NaN);
        return new EpochMetrics(epoch, trainLoss, lossSum / norm, half.averageRecall(), bestAvg,
                sweep.averagePrecision(), sweep.rocAuc(), speed, seconds);
    }
}
