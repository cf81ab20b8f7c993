package io.bullwatch.core.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The evaluation of a detector on a set of recordings.
 *
 * @param labelRule how windows were labelled from the true bulls (the rule's description)
 * @param overall all recordings together
 * @param sites one group per site, in the order sites first appear
 * @param recordings one evaluation per recording, in input order
 */
public record EvaluationReport(String labelRule, GroupEvaluation overall, List<GroupEvaluation> sites,
        List<RecordingEvaluation> recordings) {

    /** Checks and copies. */
    public EvaluationReport {
        Objects.requireNonNull(labelRule, "labelRule");
        Objects.requireNonNull(overall, "overall");
        sites = List.copyOf(Objects.requireNonNull(sites, "sites"));
        recordings = List.copyOf(Objects.requireNonNull(recordings, "recordings"));
    }

    /**
     * One site's group.
     *
     * @param name the site, compared exactly
     * @return its group, empty when no recording has that site
     */
    public Optional<GroupEvaluation> site(String name) {
        return sites.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * The whole report for JSON: {@code labelRule}, {@code overall}, {@code sites} (a list),
     * {@code recordings} (a list). Undefined values are {@code NaN}, the precision-recall curve's
     * closing threshold {@code +Infinity}.
     *
     * @return ordered, JSON-friendly values
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labelRule", labelRule);
        m.put("overall", overall.toMap());
        m.put("sites", sites.stream().map(GroupEvaluation::toMap).toList());
        m.put("recordings", recordings.stream().map(RecordingEvaluation::toMap).toList());
        return m;
    }
}
