package io.bullwatch.models.adapt;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ReviewFile;
import io.bullwatch.core.review.ReviewFolder;
import io.bullwatch.core.review.ReviewNight;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.review.Verdict;
import io.bullwatch.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A night of the new site with an expert's verdicts on its detections, as labels for {@link
 * Adaptation}. Only what the expert judged labels windows: a window that holds a whole detection
 * judged {@code bull} is a bull window; a window near detections judged {@code not-bull} and
 * touching nothing else judged or unjudged holds no bull; every other window (touching a detection
 * judged {@code unsure} or not judged, a counting cell judged {@code bull}, part of a confirmed
 * detection, or far from any verdict, where the detector may have missed a bull) is left out.
 *
 * @param recording the night's recording
 * @param bulls the detections judged {@code bull}
 * @param rejected the detections judged {@code not-bull}
 * @param unjudged the stretches whose windows are left out
 * @param confirmed verdicts {@code bull} on detections
 * @param rejectedCount verdicts {@code not-bull} on detections
 * @param unsure verdicts {@code unsure}
 */
public record ReviewedNight(Path recording, List<Annotation> bulls, List<Annotation> rejected,
        List<Annotation> unjudged, int confirmed, int rejectedCount, int unsure) {

    /** The label of the stretches left out ({@link Adaptation}'s label rule makes their windows ambiguous). */
    public static final String UNJUDGED = "bullwatch:unjudged";
    /** The label of a confirmed detection (a window that holds all of it is a bull window). */
    public static final String CONFIRMED = "bullwatch:confirmed";

    /** Validates and copies. */
    public ReviewedNight {
        Objects.requireNonNull(recording, "recording");
        bulls = List.copyOf(bulls);
        rejected = List.copyOf(rejected);
        unjudged = List.copyOf(unjudged);
        if (confirmed < 0 || rejectedCount < 0 || unsure < 0) {
            throw new IllegalArgumentException("verdict counts must be >= 0");
        }
    }

    /**
     * A night's labels from its detections and the verdicts on them.
     *
     * @param recording the recording
     * @param detections every detection of the night, {@code {start, end}} seconds
     * @param verdicts the verdicts (on detections and counting cells)
     * @return the night
     */
    public static ReviewedNight of(Path recording, List<double[]> detections, List<ReviewEntry> verdicts) {
        List<Annotation> bulls = new ArrayList<>();
        List<Annotation> no = new ArrayList<>();
        List<Annotation> unjudged = new ArrayList<>();
        int confirmed = 0;
        int rejected = 0;
        int unsure = 0;
        List<double[]> judged = new ArrayList<>();
        for (ReviewEntry e : verdicts) {
            if (e.kind() == UnitKind.EVENT) {
                judged.add(new double[] {e.start(), e.end()});
            }
            if (e.verdict() == Verdict.UNSURE) {
                unsure++;
                unjudged.add(new Annotation(e.start(), e.end(), UNJUDGED));
            } else if (e.kind() == UnitKind.EVENT) {
                if (e.verdict() == Verdict.BULL) {
                    confirmed++;
                    bulls.add(new Annotation(e.start(), e.end(), CONFIRMED));
                } else {
                    rejected++;
                    no.add(new Annotation(e.start(), e.end(), "not-bull"));
                }
            } else if (e.verdict() == Verdict.BULL) {
                unjudged.add(new Annotation(e.start(), e.end(), UNJUDGED));
            }
        }
        for (double[] d : detections) {
            boolean seen = judged.stream().anyMatch(j -> Math.abs(j[0] - d[0]) < 1e-3 && Math.abs(j[1] - d[1]) < 1e-3);
            if (!seen) {
                unjudged.add(new Annotation(d[0], d[1], UNJUDGED));
            }
        }
        return new ReviewedNight(recording, bulls, no, unjudged, confirmed, rejected, unsure);
    }

    /**
     * The nights of a {@code bull detect} output folder that have verdicts ({@code
     * NAME.bull.review.csv}, written by {@code bull review}) and name their recording. A night that
     * cannot be used is left out and told to {@code skipped}, the others kept: one whose verdict
     * file or Raven table cannot be read (the reason names the file and the row), one whose output
     * folder does not name its recording, and one whose recording is no longer where detection
     * read it.
     *
     * @param out the output folder
     * @param skipped told of each night with verdicts that cannot be used: its verdict file, and why
     * @return the nights, in the folder's order
     * @throws IOException if the folder cannot be read
     */
    public static List<ReviewedNight> scan(Path out, java.util.function.BiConsumer<Path, String> skipped)
            throws IOException {
        List<ReviewedNight> nights = new ArrayList<>();
        for (ReviewNight n : ReviewFolder.scan(out)) {
            List<ReviewEntry> verdicts;
            List<double[]> events;
            try {
                verdicts = ReviewFile.readIfExists(n.review());
                if (verdicts.isEmpty()) {
                    continue;
                }
                events = n.events();
            } catch (IOException e) {
                skipped.accept(n.review(), IoErrors.reason(e));
                continue;
            }
            if (n.recording().isEmpty()) {
                skipped.accept(n.review(), "the output folder does not name its recording");
                continue;
            }
            Path recording = n.recording().get();
            if (!Files.isRegularFile(recording)) {
                skipped.accept(n.review(), "its recording " + recording + " is not there (moved or renamed since"
                        + " bull detect read it?)");
                continue;
            }
            List<double[]> detections = new ArrayList<>();
            for (double[] e : events) {
                detections.add(new double[] {e[0], e[1]});
            }
            nights.add(of(recording, detections, verdicts));
        }
        return nights;
    }

    /** @return the verdicts on detections, bull or not, that label windows */
    public int decided() {
        return confirmed + rejectedCount;
    }

    /**
     * Every stretch that labels this night's windows, for a recording of {@code seconds} with
     * windows of {@code window} seconds: the confirmed detections ({@link #CONFIRMED}), and, as
     * {@link #UNJUDGED}, the unsure and unjudged detections and everything farther than one window
     * from a judged detection. What is left unlabelled near a rejected detection holds no bull.
     *
     * @param seconds the recording's length
     * @param window the window length
     * @return the stretches, sorted by start
     */
    public List<Annotation> labels(double seconds, double window) {
        List<double[]> near = new ArrayList<>();
        List<Annotation> judged = new ArrayList<>(bulls);
        judged.addAll(rejected);
        judged.sort(java.util.Comparator.comparingDouble(Annotation::start));
        for (Annotation a : judged) {
            double from = Math.max(0, a.start() - window);
            double to = Math.min(seconds, a.end() + window);
            if (!near.isEmpty() && from <= near.get(near.size() - 1)[1]) {
                near.get(near.size() - 1)[1] = Math.max(near.get(near.size() - 1)[1], to);
            } else {
                near.add(new double[] {from, to});
            }
        }
        List<Annotation> out = new ArrayList<>(bulls);
        out.addAll(unjudged);
        double at = 0;
        for (double[] z : near) {
            if (z[0] > at) {
                out.add(new Annotation(at, z[0], UNJUDGED));
            }
            at = Math.max(at, z[1]);
        }
        if (at < seconds) {
            out.add(new Annotation(at, seconds, UNJUDGED));
        }
        out.sort(java.util.Comparator.comparingDouble(Annotation::start));
        return out;
    }
}
