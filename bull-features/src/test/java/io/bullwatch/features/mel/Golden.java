package io.bullwatch.features.mel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the golden files written by {@code scripts/torchaudio-golden.py}. */
final class Golden {

    /** One row of {@code index.csv}. */
    record Case(String name, String kind, int rows, int columns, int inputLength) {}

    private Golden() {}

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        String[] lines = text("index.csv").split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] f = lines[i].split(",");
            out.add(new Case(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4])));
        }
        return out;
    }

    static List<Case> melCases() throws IOException {
        return cases().stream().filter(c -> c.kind().equals("mel")).toList();
    }

    static String text(String file) throws IOException {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    static float[] floats(String file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static byte[] bytes(String file) throws IOException {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IOException("missing golden file " + file
                        + "; run /usr/bin/python3 scripts/torchaudio-golden.py");
            }
            return in.readAllBytes();
        }
    }
}
