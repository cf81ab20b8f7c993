package io.bullwatch.core.corpus;

import java.nio.file.Path;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A corpus divided into train, validation and test recordings, such that no recording and no site
 * sits in two splits: scores on validation and test then measure transfer to places the model
 * never heard.
 *
 * @param bySplit the recordings of each split; every split is present (possibly empty)
 */
public record CorpusSplits(Map<Split, List<CorpusRecording>> bySplit) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException naming the recording or site that sits in two splits
     */
    public CorpusSplits {
        Objects.requireNonNull(bySplit, "bySplit");
        EnumMap<Split, List<CorpusRecording>> copy = new EnumMap<>(Split.class);
        Map<Path, Split> recordingSplit = new HashMap<>();
        Map<String, Split> siteSplit = new HashMap<>();
        Map<String, CorpusRecording> siteExample = new HashMap<>();
        for (Split s : Split.values()) {
            List<CorpusRecording> list = List.copyOf(bySplit.getOrDefault(s, List.of()));
            for (CorpusRecording r : list) {
                Split other = recordingSplit.putIfAbsent(r.recording(), s);
                if (other != null) {
                    throw new IllegalArgumentException("recording '" + r.name() + "' is in both "
                            + other.label() + " and " + s.label());
                }
                String key = r.site().toLowerCase(Locale.ROOT);
                Split siteOther = siteSplit.putIfAbsent(key, s);
                if (siteOther == null) {
                    siteExample.put(key, r);
                } else if (siteOther != s) {
                    throw new IllegalArgumentException("site '" + r.site() + "' is in both "
                            + siteOther.label() + " ('" + siteExample.get(key).name() + "') and "
                            + s.label() + " ('" + r.name() + "')");
                }
            }
            copy.put(s, list);
        }
        bySplit = Collections.unmodifiableMap(copy);
    }

    /**
     * The recordings of a split.
     *
     * @param split the split
     * @return its recordings in manifest order, possibly none
     */
    public List<CorpusRecording> recordings(Split split) {
        return bySplit.get(Objects.requireNonNull(split, "split"));
    }

    /**
     * The sites of a split.
     *
     * @param split the split
     * @return the distinct sites in manifest order
     */
    public Set<String> sites(Split split) {
        Set<String> sites = new LinkedHashSet<>();
        for (CorpusRecording r : recordings(split)) {
            sites.add(r.site());
        }
        return Collections.unmodifiableSet(sites);
    }

    /**
     * Totals per split: recordings, sites, hours, events, windows and positive windows.
     *
     * @param spec window length and hop
     * @param rule how events label windows
     * @return train, validation and test statistics, in that order
     */
    public List<SplitStatistics> statistics(WindowSpec spec, LabelRule rule) {
        List<SplitStatistics> out = new ArrayList<>(3);
        for (Split s : Split.values()) {
            out.add(SplitStatistics.of(s, recordings(s), spec, rule));
        }
        return List.copyOf(out);
    }
}
