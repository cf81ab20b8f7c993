package io.bullwatch.core.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Confusions per group (for example per site or per recording) and their sum.
 *
 * <p>Groups are kept in the natural order of their names. Immutable; build one with an
 * {@link Accumulator}.
 */
public final class GroupedConfusion {

    private final SortedMap<String, Confusion> groups;
    private final Confusion overall;

    private GroupedConfusion(SortedMap<String, Confusion> groups) {
        this.groups = Collections.unmodifiableSortedMap(groups);
        Confusion sum = Confusion.EMPTY;
        for (Confusion c : groups.values()) {
            sum = sum.plus(c);
        }
        this.overall = sum;
    }

    /**
     * A new, empty accumulator.
     *
     * @return the accumulator
     */
    public static Accumulator accumulator() {
        return new Accumulator();
    }

    /**
     * Groups given as a map.
     *
     * @param groups confusion per group name
     * @return the grouped confusion
     */
    public static GroupedConfusion of(Map<String, Confusion> groups) {
        Objects.requireNonNull(groups, "groups");
        SortedMap<String, Confusion> copy = new TreeMap<>();
        groups.forEach((name, c) -> copy.put(
                Objects.requireNonNull(name, "group name"), Objects.requireNonNull(c, "confusion")));
        return new GroupedConfusion(copy);
    }

    /**
     * Scores thresholded per window, each window in a group.
     *
     * @param groups the group of each window
     * @param scores the score of each window, none {@code NaN}
     * @param bulls whether each window is a bull window
     * @param threshold windows scoring {@code >= threshold} are flagged
     * @return the grouped confusion
     */
    public static GroupedConfusion of(
            String[] groups, double[] scores, boolean[] bulls, double threshold) {
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(scores, "scores");
        Confusion.checkInputs(scores.length, bulls, threshold);
        if (groups.length != scores.length) {
            throw new IllegalArgumentException("need one group per score, got " + scores.length
                    + " scores and " + groups.length + " groups");
        }
        Accumulator acc = accumulator();
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw Confusion.nanScore(i);
            }
            acc.add(groups[i], bulls[i], scores[i] >= threshold);
        }
        return acc.build();
    }

    /**
     * The confusion of every group.
     *
     * @return an unmodifiable map sorted by group name
     */
    public SortedMap<String, Confusion> groups() {
        return groups;
    }

    /**
     * The confusion of one group.
     *
     * @param name the group name
     * @return its confusion, empty for an unknown group
     */
    public Optional<Confusion> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /**
     * All groups together.
     *
     * @return the sum of the groups' confusions
     */
    public Confusion overall() {
        return overall;
    }

    /**
     * Both sets of groups together; groups with the same name are added up.
     *
     * @param other the other grouped confusion
     * @return the sum
     */
    public GroupedConfusion plus(GroupedConfusion other) {
        Objects.requireNonNull(other, "other");
        SortedMap<String, Confusion> sum = new TreeMap<>(groups);
        other.groups.forEach((name, c) -> sum.merge(name, c, Confusion::plus));
        return new GroupedConfusion(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupedConfusion g && groups.equals(g.groups);
    }

    @Override
    public int hashCode() {
        return groups.hashCode();
    }

    @Override
    public String toString() {
        return "GroupedConfusion" + groups;
    }

    /** Collects confusions per group; not thread-safe. */
    public static final class Accumulator {

        private final SortedMap<String, Confusion> groups = new TreeMap<>();

        private Accumulator() {
        }

        /**
         * Adds counts to a group.
         *
         * @param group the group name
         * @param confusion the counts to add
         * @return this accumulator
         */
        public Accumulator add(String group, Confusion confusion) {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(confusion, "confusion");
            groups.merge(group, confusion, Confusion::plus);
            return this;
        }

        /**
         * Adds one window to a group.
         *
         * @param group the group name
         * @param bull whether the window is a bull window
         * @param flagged whether it was flagged
         * @return this accumulator
         */
        public Accumulator add(String group, boolean bull, boolean flagged) {
            return add(group, Confusion.ofOne(bull, flagged));
        }

        /**
         * The groups collected so far; the accumulator can go on collecting.
         *
         * @return an immutable snapshot
         */
        public GroupedConfusion build() {
            return new GroupedConfusion(new TreeMap<>(groups));
        }
    }
}
