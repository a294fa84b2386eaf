package io.streamtune.bench.realtext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Streamtune's numbers over time for one task, with the baselines, as a table, CSV and JSON. */
final class Curve {

  /** One reading of the running trainer. */
  record Point(
      double minutes,
      long step,
      long samplesSeen,
      double tokensPerSecond,
      double meanTokensPerSecond,
      double trainLoss,
      long lag,
      double querySeconds,
      double[] values) {}

  private static final List<String> FIXED =
      List.of("minutes", "step", "samples", "tok/s", "mean tok/s", "train loss", "lag", "query s");

  private final String task;
  private final List<String> columns;
  private final List<Point> points = new ArrayList<>();
  private LinkedHashMap<String, double[]> baselines = new LinkedHashMap<>();

  Curve(String task, List<String> columns) {
    this.task = task;
    this.columns = columns;
  }

  void add(Point p) {
    points.add(p);
  }

  void baselines(LinkedHashMap<String, double[]> b) {
    this.baselines = b;
  }

  List<Point> points() {
    return points;
  }

  String header() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%7s %7s %8s %7s %10s %10s %6s %7s", FIXED.toArray()));
    columns.forEach(c -> s.append(String.format(Locale.ROOT, " %14s", shorten(c))));
    return s.toString();
  }

  String row(Point p) {
    return format(p, "%7.1f %7d %8d %7.0f %10.0f %10.4f %6d %7.1f", " %14.4f");
  }

  /** A point's fixed columns in the {@code fixed} format, then each task column in {@code each}. */
  private static String format(Point p, String fixed, String each) {
    StringBuilder s =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                fixed,
                p.minutes(),
                p.step(),
                p.samplesSeen(),
                p.tokensPerSecond(),
                p.meanTokensPerSecond(),
                p.trainLoss(),
                p.lag(),
                p.querySeconds()));
    for (double v : p.values()) {
      s.append(String.format(Locale.ROOT, each, v));
    }
    return s.toString();
  }

  /** The whole curve and the baselines, aligned on the task's columns. */
  List<String> table() {
    List<String> out = new ArrayList<>();
    out.add(header());
    points.forEach(p -> out.add(row(p)));
    for (Map.Entry<String, double[]> b : baselines.entrySet()) {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-70s", "  " + b.getKey()));
      for (double v : b.getValue()) {
        s.append(String.format(Locale.ROOT, " %14.4f", v));
      }
      out.add(s.toString());
    }
    return out;
  }

  private static String shorten(String c) {
    return c.length() <= 14 ? c : c.substring(0, 14);
  }

  /** Writes {@code <task>.csv} and {@code <task>.json} into {@code dir}. */
  void write(Path dir, Map<String, Object> settings) throws IOException {
    Files.createDirectories(dir);
    StringBuilder csv =
        new StringBuilder(
            "minutes,step,samples,tokens_per_s,mean_tokens_per_s,train_loss,lag,query_s");
    columns.forEach(c -> csv.append(',').append(c));
    csv.append('\n');
    for (Point p : points) {
      csv.append(format(p, "%.3f,%d,%d,%.1f,%.1f,%.6f,%d,%.2f", ",%.6f")).append('\n');
    }
    for (Map.Entry<String, double[]> b : baselines.entrySet()) {
      csv.append("# baseline ").append(b.getKey());
      for (double v : b.getValue()) {
        csv.append(String.format(Locale.ROOT, ",%.6f", v));
      }
      csv.append('\n');
    }
    Files.writeString(dir.resolve(task + ".csv"), csv);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", task);
    json.put("settings", settings);
    json.put("columns", columns);
    json.put("points", points);
    json.put("baselines", baselines);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(task + ".json").toFile(), json);
  }
}
