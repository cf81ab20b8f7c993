package io.bullwatch.models.data;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.LabelledWindow;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowLabelling;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled, normalised mel windows held in memory: the features of window {@code i} (a {@code
 * mels x frames} array in torchaudio's layout), whether it holds a bull, and where it comes from.
 * Ambiguous windows are left out.
 */
public final class WindowSet {

    private static final Logger LOG = LoggerFactory.getLogger(WindowSet.class);

    private final int mels;
    private final int frames;
    private final List<float[]> features;
    private final boolean[] bulls;
    private final List<String> recordings;
    private final List<String> sites;

    /**
     * Wraps windows already computed.
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @param features one {@code mels * frames} array per window (not copied)
     * @param bulls whether each window holds a bull
     * @param recordings each window's recording name
     * @param sites each window's site
     * @throws IllegalArgumentException if sizes disagree
     */
    public WindowSet(int mels, int frames, List<float[]> features, boolean[] bulls,
            List<String> recordings, List<String> sites) {
        if (mels < 1 || frames < 1) {
            throw new IllegalArgumentException("mels and frames must be >= 1, got " + mels + "x" + frames);
        }
        int n = features.size();
        if (bulls.length != n || recordings.size() != n || sites.size() != n) {
            throw new IllegalArgumentException("features, labels, recordings and sites must have the same"
                    + " size, got " + n + ", " + bulls.length + ", " + recordings.size() + ", " + sites.size());
        }
        for (float[] f : features) {
            if (f.length != mels * frames) {
                throw new IllegalArgumentException("every window must hold " + mels + "x" + frames
                        + " values, got " + f.length);
            }
        }
        this.mels = mels;
        this.frames = frames;
        this.features = List.copyOf(features);
        this.bulls = bulls.clone();
        this.recordings = List.copyOf(recordings);
        this.sites = List.copyOf(sites);
    }

    /**
     * Loads, labels and normalises every window of some recordings, leaving out ambiguous windows.
     * Each recording is read once ({@link MelSpectrogramExtractor#streamWindows} with {@link
     * EdgeMode#CONTEXT}); normalisation per recording uses all of its windows, ambiguous ones
     * included.
     *
     * @param recordings the recordings, for example one split of a corpus
     * @param mel the features
     * @param spec the windows
     * @param rule the label rule (its ambiguous band, if any, marks windows to leave out)
     * @param normalisation the input normalisation
     * @param threads FFT threads
     * @return the windows, in recording order then time order
     * @throws IOException if a recording cannot be read
     */
    public static WindowSet load(List<CorpusRecording> recordings, MelConfig mel, WindowSpec spec,
            LabelRule rule, InputNormalisation normalisation, int threads) throws IOException {
        Objects.requireNonNull(normalisation, "normalisation");
        List<float[]> features = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> siteNames = new ArrayList<>();
        int frames = -1;
        try (MelSpectrogramExtractor extractor = MelSpectrogramExtractor.create(mel, threads)) {
            for (CorpusRecording r : recordings) {
                Segmenter seg = Segmenter.of(spec, r.audio().sampleRate(), r.audio().frames());
                WindowLabelling labelling = WindowLabeller.of(rule).label(seg, r.events());
                List<Window> windows = seg.toList();
                List<float[]> all = new ArrayList<>(windows.size());
                try (AudioSource source = WavFile.open(r.recording())) {
                    extractor.streamWindows(source, windows, EdgeMode.CONTEXT,
                            (w, m) -> all.add(m.values()));
                }
                normalisation.apply(all, mel.nMels());
                int kept = 0;
                int bullCount = 0;
                for (LabelledWindow lw : labelling.windows()) {
                    if (lw.extra() || !lw.label().isTrainable()) {
                        continue;
                    }
                    float[] values = all.get(lw.window().index());
                    frames = values.length / mel.nMels();
                    features.add(values);
                    labels.add(lw.label().isBull());
                    names.add(r.name());
                    siteNames.add(r.site());
                    kept++;
                    bullCount += lw.label().isBull() ? 1 : 0;
                }
                LOG.info("{}: {} windows ({} bull, {} left out)", r.name(), kept, bullCount,
                        windows.size() - kept);
            }
        }
        boolean[] bulls = new boolean[labels.size()];
        for (int i = 0; i < bulls.length; i++) {
            bulls[i] = labels.get(i);
        }
        if (frames < 0) {
            frames = (int) mel.frames(Math.round(spec.lengthSeconds() * mel.sampleRate()));
        }
        return new WindowSet(mel.nMels(), frames, features, bulls, names, siteNames);
    }

    /** @return the number of windows */
    public int size() {
        return features.size();
    }

    /** @return mel bands per window */
    public int mels() {
        return mels;
    }

    /** @return frames per window */
    public int frames() {
        return frames;
    }

    /**
     * The features of one window (the seam for a disk cache: the trainer reads only this).
     *
     * @param index the window
     * @return its {@code mels * frames} values; do not modify
     */
    public float[] features(int index) {
        return features.get(index);
    }

    /**
     * Whether a window holds a bull.
     *
     * @param index the window
     * @return its label
     */
    public boolean isBull(int index) {
        return bulls[index];
    }

    /** @return a copy of all labels */
    public boolean[] bulls() {
        return bulls.clone();
    }

    /** @return the number of bull windows */
    public int bullCount() {
        int n = 0;
        for (boolean b : bulls) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /**
     * The recording of a window.
     *
     * @param index the window
     * @return the recording's name
     */
    public String recording(int index) {
        return recordings.get(index);
    }

    /**
     * The site of a window.
     *
     * @param index the window
     * @return the site's name
     */
    public String site(int index) {
        return sites.get(index);
    }

    /** @return the distinct sites, in order of first appearance */
    public Set<String> sites() {
        return new LinkedHashSet<>(sites);
    }

    /** @return the distinct recordings, in order of first appearance */
    public Set<String> recordingNames() {
        return new LinkedHashSet<>(recordings);
    }
}
