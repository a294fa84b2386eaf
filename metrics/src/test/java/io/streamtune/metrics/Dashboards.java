package io.streamtune.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards under metrics/grafana/dashboards and the PromQL of their panels. */
final class Dashboards {
  private Dashboards() {}

  static final ObjectMapper JSON = new ObjectMapper();

  /** One panel query: which dashboard and panel it belongs to, and its PromQL. */
  record Query(String dashboard, String panel, String expr) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + ": " + expr;
    }
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(Repo.dashboards())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Every panel query of every dashboard (rows and nested panels included). */
  static List<Query> queries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Path file : files()) {
      JsonNode dashboard = read(file);
      collect(dashboard.path("title").asText(file.getFileName().toString()), dashboard, queries);
    }
    return queries;
  }

  /** Every panel of a dashboard, rows flattened. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panels.add(panel);
      panel.path("panels").forEach(panels::add);
    }
    return panels;
  }

  private static void collect(String title, JsonNode dashboard, List<Query> out) {
    for (JsonNode panel : panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.add(new Query(title, panel.path("title").asText("?"), expr));
        }
      }
    }
  }
}
