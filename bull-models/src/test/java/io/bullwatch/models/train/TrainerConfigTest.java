package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    /**
     * What the record's own {@code toString} would give, from its components: the hand-written
     * override must match it, but for {@code siteAlignment} when it is 0 (fold keys written before
     * the field existed), so that a component added later cannot be left out of the fold keys.
     */
    private static String recordText(TrainerConfig c, boolean withSiteAlignment) throws Exception {
        List<String> parts = new ArrayList<>();
        for (RecordComponent rc : TrainerConfig.class.getRecordComponents()) {
            if (rc.getName().equals("siteAlignment") && !withSiteAlignment) {
                continue;
            }
            parts.add(rc.getName() + "=" + rc.getAccessor().invoke(c));
        }
        return "TrainerConfig[" + String.join(", ", parts) + "]";
    }

    @Test
    void textIsTheRecordsOwnLeavingOutAnUnsetSiteAlignment() throws Exception {
        TrainerConfig plain = TrainerConfig.builder().build();
        assertEquals(recordText(plain, false), plain.toString());
        TrainerConfig aligned = TrainerConfig.builder().optSiteAlignment(0.5).optFrameLossWeight(2)
                .optSeed(7).build();
        assertEquals(recordText(aligned, true), aligned.toString());
    }
}
