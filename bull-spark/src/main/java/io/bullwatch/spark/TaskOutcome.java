package io.bullwatch.spark;

import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import java.io.Serializable;
import java.util.List;

/**
 * What a task sends back for one recording: its summary row, and for a recording that is done its
 * windows and events (the rows of the Parquet tables).
 *
 * @param recording the recording's summary name
 * @param stem its outputs' path below the output folder
 * @param summaryCsv its {@link SummaryRow} as a line of {@code summary.csv}
 * @param skipped whether an earlier run had finished it
 * @param windowStart each window's start in seconds
 * @param windowEnd each window's end in seconds
 * @param windowScore each window's score
 * @param windowDetected whether each window is at or above the threshold
 * @param eventStart each event's start in seconds
 * @param eventEnd each event's end in seconds
 * @param eventScore each event's score
 */
record TaskOutcome(String recording, String stem, String summaryCsv, boolean skipped, double[] windowStart,
        double[] windowEnd, float[] windowScore, boolean[] windowDetected, double[] eventStart,
        double[] eventEnd, double[] eventScore) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A recording that failed: a row and no windows. */
    static TaskOutcome failed(RecordingTask task, SummaryRow row) {
        return rowOnly(task.recording(), task.stem(), row.toCsv(), false);
    }

    /** @return this outcome without its windows (its events kept): what the driver collects */
    TaskOutcome head() {
        return new TaskOutcome(recording, stem, summaryCsv, skipped, new double[0], new double[0], new float[0],
                new boolean[0], eventStart, eventEnd, eventScore);
    }

    private static TaskOutcome rowOnly(String recording, String stem, String summaryCsv, boolean skipped) {
        return new TaskOutcome(recording, stem, summaryCsv, skipped, new double[0], new double[0], new float[0],
                new boolean[0], new double[0], new double[0], new double[0]);
    }

    /** A recording that is done, now or before. */
    static TaskOutcome done(RecordingTask task, SummaryRow row, boolean skipped, RecordingDetection d) {
        List<WindowScore> w = d.windows();
        double threshold = d.rule().threshold();
        double[] ws = new double[w.size()];
        double[] we = new double[w.size()];
        float[] sc = new float[w.size()];
        boolean[] det = new boolean[w.size()];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = w.get(i).start();
            we[i] = w.get(i).end();
            sc[i] = w.get(i).score();
            det[i] = w.get(i).isFlagged(threshold);
        }
        List<DetectedEvent> e = d.events();
        double[] es = new double[e.size()];
        double[] ee = new double[e.size()];
        double[] esc = new double[e.size()];
        for (int i = 0; i < es.length; i++) {
            es[i] = e.get(i).start();
            ee[i] = e.get(i).end();
            esc[i] = e.get(i).score();
        }
        return new TaskOutcome(task.recording(), task.stem(), row.toCsv(), skipped, ws, we, sc, det, es, ee, esc);
    }

    /** @return the summary row */
    SummaryRow row() {
        return SummaryRow.parse(summaryCsv);
    }
}
