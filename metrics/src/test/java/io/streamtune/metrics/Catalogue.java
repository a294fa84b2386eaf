package io.streamtune.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/** metrics/metrics.yml: the documented metrics, and the Prometheus series each one produces. */
record Catalogue(List<Metric> metrics, List<Metric> platform) {

  /** One catalogued metric. {@code micrometer}, {@code service} and {@code planned} may be null. */
  record Metric(
      String name,
      String micrometer,
      String unit,
      String type,
      String service,
      List<String> tags,
      String help,
      String planned) {

    /** The series names Prometheus shows for this metric. */
    Set<String> seriesNames() {
      Set<String> names = new TreeSet<>(List.of(name));
      if (type.equals("timer") || type.equals("summary")) {
        for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
          names.add(name + suffix);
        }
      }
      return names;
    }
  }

  static Catalogue load() throws IOException {
    return parse(Repo.metrics().resolve("metrics.yml"));
  }

  @SuppressWarnings("unchecked")
  static Catalogue parse(Path file) throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(file));
    return new Catalogue(
        metrics((List<Map<String, Object>>) doc.get("metrics")),
        metrics((List<Map<String, Object>>) doc.get("platform")));
  }

  @SuppressWarnings("unchecked")
  private static List<Metric> metrics(List<Map<String, Object>> entries) {
    List<Metric> list = new ArrayList<>();
    for (Map<String, Object> e : entries == null ? List.<Map<String, Object>>of() : entries) {
      list.add(
          new Metric(
              (String) e.get("name"),
              (String) e.get("micrometer"),
              (String) e.get("unit"),
              (String) e.get("type"),
              (String) e.get("service"),
              (List<String>) e.getOrDefault("tags", List.of()),
              (String) e.get("help"),
              (String) e.get("planned")));
    }
    return list;
  }

  /** Series name → the metric it belongs to, over services' and platform metrics. */
  Map<String, Metric> bySeriesName() {
    Map<String, Metric> index = new LinkedHashMap<>();
    for (Metric m : all()) {
      for (String series : m.seriesNames()) {
        index.put(series, m);
      }
    }
    return index;
  }

  List<Metric> all() {
    List<Metric> all = new ArrayList<>(metrics);
    all.addAll(platform);
    return all;
  }
}
