package io.bullwatch.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.concurrent.Callable;

/** Runs a computation under several default locales and checks that the results agree. */
final class InLocales {

    private InLocales() {
    }

    /**
     * Runs {@code work} with {@code Locale.US} then {@code Locale.GERMANY} as default locale,
     * restoring the previous default, and asserts that both results are equal.
     */
    static <T> T same(Callable<T> work) throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            T us = work.call();
            Locale.setDefault(Locale.GERMANY);
            T de = work.call();
            assertEquals(us, de, "results differ between Locale.US and Locale.GERMANY");
            return de;
        } finally {
            Locale.setDefault(saved);
        }
    }
}
