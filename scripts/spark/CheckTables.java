// Checks a SparkDetect output folder against its own per-recording files, with Spark in local mode:
// every window of every NAME.bull.windows.csv is in tables/windows once, with its exact score, and
// tables/events has as many rows as the Audacity label files have lines. Prints one line; exit 1
// on any difference. Run with the cluster's jars:  java -cp 'JARS/*' CheckTables.java OUT
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

public class CheckTables {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("check-tables")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        int problems = 0;
        Map<String, Float> table = new HashMap<>();
        List<Row> windows = spark.read().parquet(out.resolve("tables/windows").toString()).collectAsList();
        for (Row w : windows) {
            if (table.put(w.getString(0) + "@" + w.getDouble(1), w.getFloat(3)) != null) {
                System.err.println("twice in tables/windows: " + w);
                problems++;
            }
        }
        long events = spark.read().parquet(out.resolve("tables/events").toString()).count();
        long fileWindows = 0;
        long labelLines = 0;
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = out.relativize(p).toString();
                if (rel.startsWith(".bull") || rel.startsWith("tables")) {
                    continue;
                }
                if (rel.endsWith(".bull.windows.csv")) {
                    String stem = rel.substring(0, rel.length() - ".bull.windows.csv".length());
                    List<String> lines = Files.readAllLines(p);
                    for (String line : lines.subList(1, lines.size())) {
                        String[] f = line.split(",");
                        fileWindows++;
                        Float score = table.get(stem + ".wav@" + Double.parseDouble(f[0]));
                        if (score == null || score != Float.parseFloat(f[2])) {
                            System.err.println(rel + ": window at " + f[0] + " is " + score + " in the table");
                            problems++;
                        }
                    }
                } else if (rel.endsWith(".bull.labels.txt")) {
                    labelLines += Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
                }
            }
        }
        if (fileWindows != windows.size() || labelLines != events) {
            problems++;
        }
        System.out.printf("tables: %d windows (files: %d), %d events (label lines: %d), %d problems%n",
                windows.size(), fileWindows, events, labelLines, problems);
        spark.stop();
        System.exit(problems == 0 ? 0 : 1);
    }
}
