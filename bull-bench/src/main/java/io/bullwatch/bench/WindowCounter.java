package io.bullwatch.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH counter of windows processed, which JMH reports as the secondary result {@code windows}
 * in windows per second (operations x windows per operation), for the network benchmarks.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class WindowCounter {

    /** Windows processed in this iteration. */
    public long windows;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        windows = 0;
    }
}
