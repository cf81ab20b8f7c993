package io.bullwatch.examples.api;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.models.adapt.Adaptation;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Adapts a trained model bundle to a new site from the site's own unlabelled recordings: the
 * library call behind {@code bull adapt}. Bulls are cut from the annotated training corpus and
 * mixed into the new site's audio; the parent is fine-tuned on two thirds of those nights and its
 * threshold calibrated on the rest. Prints what it decided and the estimated recall by SNR.
 *
 * <pre>java -cp examples/target/bull-examples.jar io.bullwatch.examples.api.AdaptToSite MODEL_DIR TRAINING_CORPUS NEW_SITE_DIR OUT_DIR [EPOCHS=20] [NIGHT_MINUTES=30] [HOURS=1.5]</pre>
 */
public final class AdaptToSite {

    private AdaptToSite() {
    }

    /**
     * Entry point.
     *
     * @param args the parent bundle, the training corpus, a folder of the new site's WAV files, the
     *     bundle folder to write, optionally the epochs, the length of each composed night in minutes
     *     and the hours composed
     * @throws Exception if a file cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: AdaptToSite MODEL_DIR TRAINING_CORPUS NEW_SITE_DIR OUT_DIR [EPOCHS=20]"
                    + " [NIGHT_MINUTES=30] [HOURS=1.5]");
            System.exit(2);
        }
        Path parent = Path.of(args[0]);
        Corpus training = Corpus.load(Path.of(args[1]).resolve("manifest.csv"));
        List<Path> audio;
        try (Stream<Path> files = Files.list(Path.of(args[2]))) {
            audio = files.filter(f -> f.toString().toLowerCase(Locale.ROOT).endsWith(".wav")).sorted().toList();
        }
        Path out = Path.of(args[3]);
        Adaptation adaptation = Adaptation.builder(parent, training.recordings())
                .optEpochs(args.length > 4 ? Integer.parseInt(args[4]) : 20)
                .optNightSeconds(60 * (args.length > 5 ? Double.parseDouble(args[5]) : 30))
                .optHours(args.length > 6 ? Double.parseDouble(args[6]) : 1.5)
                .build();
        Path work = Files.createTempDirectory("adapt-");
        try {
            Adaptation.Adapted adapted = adaptation.adapt(audio, List.of(), out, work, new Adaptation.Listener() {
                @Override
                public void onStep(String message) {
                    System.out.println(message);
                }
            });
            ModelBundle bundle = adapted.bundle();
            System.out.printf(Locale.ROOT, "%s network, threshold %.4f; recall by SNR %s%n",
                    adapted.adaptedNetwork() ? "adapted" : "parent's", bundle.threshold(),
                    adapted.report().get("recallBySnr"));
            System.out.println("wrote " + out.toAbsolutePath());
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + work + ": " + e.getMessage());
            }
        }
    }
}
