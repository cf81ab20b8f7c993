package io.bullwatch.cli;

import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.backbone.NetworkCost;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bull models}: the backbones with their parameters and cost per window. */
@Command(name = "models",
        description = {"Lists the networks bull can train.",
            "",
            "For each: its default input normalisation, trainable parameters (whole network and body"
                + " alone) and millions of multiply-adds (convolutions and linear layers) per window,"
                + " computed from shapes."})
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mels", paramLabel = "N", defaultValue = "128", description = "Mel bands per window (default: ${DEFAULT-VALUE}).")
    int mels;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "646", description = "Frames per window (default: ${DEFAULT-VALUE}, 15 s at hop 1024 and 44.1 kHz).")
    int frames;

    @Option(names = "--width", paramLabel = "X", defaultValue = "1", description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Ranges.positive(spec, "--width", width);
        Ranges.between(spec, "--width", width, 0, 4); // BackboneOptions' limit
        Ranges.whole(spec, "--mels", mels, 1, 4096);
        Ranges.whole(spec, "--frames", frames, 1, 1 << 20);
        FeatureDims window = new FeatureDims(1, mels, frames);
        out.printf(Locale.ROOT, "window %s, width %s%n", window, width);
        int nameWidth = "backbone".length();
        for (Backbone backbone : Backbone.values()) {
            nameWidth = Math.max(nameWidth, backbone.cliName().length());
        }
        String name = "%-" + nameWidth + "s";
        out.printf(Locale.ROOT, name + " %-12s %14s %14s %12s%n",
                "backbone", "adapter", "parameters", "body params", "M mult-adds");
        for (Backbone backbone : Backbone.values()) {
            BackboneOptions options = backbone.defaultOptions().withWidth(width);
            try {
                NetworkCost total = backbone.cost(options, window);
                NetworkCost body = backbone.architecture(options).bodyCost(window);
                out.printf(Locale.ROOT, name + " %-12s %,14d %,14d %,12.1f%n", backbone.cliName(),
                        options.adapter().name().toLowerCase(Locale.ROOT), total.parameters(),
                        body.parameters(), total.multiplyAdds() / 1e6);
            } catch (IllegalArgumentException e) {
                out.printf(Locale.ROOT, name + " %s%n", backbone.cliName(), e.getMessage());
            }
        }
        out.flush();
        return 0;
    }
}
