package io.bullwatch.features.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * JTransforms must compute on the caller's thread. Left to its defaults on a machine with two or
 * more processors, a transform longer than 8192 points is split over JTransforms' own cached
 * pool, whose non-daemon threads keep the JVM alive for 60 s afterwards.
 */
class RealFftThreadsTest {

    private static final int LARGE = 1 << 16;

    private static Set<String> liveNonDaemonThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isDaemon()) {
                names.add(t.getName() + "#" + t.getId());
            }
        }
        return names;
    }

    @Test
    void largeTransformsOnSeveralThreadsLeaveNoThreadBehind() throws InterruptedException {
        Set<String> before = liveNonDaemonThreads();

        float[] signal = new float[LARGE];
        Random random = new Random(5);
        for (int i = 0; i < LARGE; i++) {
            signal[i] = (float) random.nextGaussian();
        }
        // How we parallelise: one RealFft per thread, frames split across our own threads.
        List<Thread> workers = new ArrayList<>();
        float[][] results = new float[3][];
        for (int w = 0; w < 3; w++) {
            int id = w;
            Thread t = new Thread(() -> {
                RealFft fft = RealFft.windowed(WindowFunctions.hann(LARGE));
                float[] power = new float[fft.bins()];
                for (int rep = 0; rep < 3; rep++) {
                    fft.powerSpectrum(signal, power);
                }
                results[id] = power;
            }, "bullwatch-test-fft-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        for (int w = 0; w < 3; w++) {
            assertEquals(LARGE / 2 + 1, results[w].length);
        }

        assertEquals(1, ConcurrencyUtils.getNumberOfThreads(), "JTransforms thread count");
        ThreadPoolExecutor pool = assertInstanceOf(ThreadPoolExecutor.class, ConcurrencyUtils.getThreadPool());
        assertEquals(0, pool.getTaskCount(), "tasks submitted to JTransforms' pool");
        assertEquals(0, pool.getLargestPoolSize(), "threads JTransforms' pool ever started");

        Set<String> after = liveNonDaemonThreads();
        after.removeAll(before);
        assertTrue(after.isEmpty(), "non-daemon threads left behind: " + after);
    }
}
