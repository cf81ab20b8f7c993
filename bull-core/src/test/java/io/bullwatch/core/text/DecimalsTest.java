package io.bullwatch.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

    @Test
    void parsesPointAndCommaTheSame() {
        assertEquals(12.5, Decimals.parse("12.5"));
        assertEquals(12.5, Decimals.parse("12,5"));
        assertEquals(-0.25, Decimals.parse(" -,25 "));
        assertEquals(3.0, Decimals.parse("3."));
        assertEquals(1500.0, Decimals.parse("1.5e3"));
        assertEquals(7.0, Decimals.parse("+7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1,234.5", "1.2.3", "0x10", "1d", "12 5", "--1", "."})
    void rejectsWhatIsNotADecimalNumber(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Decimals.parse(text));
        assertEquals("expected a number, found '" + text + "'", e.getMessage());
        assertFalse(Decimals.isNumber(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-inf", "1e400"})
    void rejectsNonFiniteValues(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Decimals.parse(text));
        assertEquals("expected a finite number, found '" + text + "'", e.getMessage());
        assertFalse(Decimals.isNumber(text));
    }

    @Test
    void rejectsEmptyText() {
        assertThrows(IllegalArgumentException.class, () -> Decimals.parse("  "));
        assertTrue(Decimals.isNumber("0"));
    }

    @Test
    void parsesWholeNumbers() {
        assertEquals(42L, Decimals.parseLong(" 42 "));
        assertEquals(3L, Decimals.parseLong("+3"));
        assertEquals(-1L, Decimals.parseLong("-1"));
        assertThrows(IllegalArgumentException.class, () -> Decimals.parseLong("4.0"));
        assertThrows(IllegalArgumentException.class, () -> Decimals.parseLong("99999999999999999999"));
    }

    @Test
    void formatsWithAPointInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            for (Locale l : new Locale[] {Locale.US, Locale.GERMANY, Locale.FRANCE}) {
                Locale.setDefault(l);
                assertEquals("12.500000", Decimals.format(12.5, 6));
                assertEquals("1234567.125", Decimals.format(1234567.125, 3));
                assertEquals(12.5, Decimals.parse("12,5"));
            }
        } finally {
            Locale.setDefault(saved);
        }
        assertThrows(IllegalArgumentException.class, () -> Decimals.format(1, -1));
    }
}
