package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes the real running services (started by the launcher harness, with data
 * flowing) and every dashboard panel query returns at least one series; the alert rules load and
 * evaluate without errors against the live data. Skipped unless the three base URLs are given
 * ({@link LiveServices}). Queries of catalogue metrics marked {@code planned} are listed, not
 * required. Leaves target/test-artifacts/live-scrape.txt (every query and its series count).
 */
class LiveScrapeIT {

  @Test
  void everyDashboardQueryReturnsSeriesFromTheRunningServices() throws Exception {
    Map<String, URI> services = new LinkedHashMap<>();
    for (String service : List.of("ingest", "train", "reward")) {
      Optional<URI> url = LiveServices.url(service);
      assumeTrue(url.isPresent(), "set -Dstreamtune." + service + ".url to run the live scrape IT");
      services.put(service, url.get());
    }
    Set<String> planned =
        Catalogue.load().metrics().stream()
            .filter(m -> m.planned() != null)
            .flatMap(m -> m.seriesNames().stream())
            .collect(Collectors.toSet());
    List<Dashboards.Query> required = new ArrayList<>();
    List<Dashboards.Query> plannedQueries = new ArrayList<>();
    for (Dashboards.Query q : Dashboards.queries()) {
      boolean usesPlanned = PromQl.metricNames(q.expr()).stream().anyMatch(planned::contains);
      (usesPlanned ? plannedQueries : required).add(q);
    }

    try (PrometheusServer prometheus =
        PrometheusServer.start(config(services), Repo.prometheus().resolve("alerts.yml"))) {
      Map<Dashboards.Query, Integer> counts = new LinkedHashMap<>();
      Instant deadline = Instant.now().plusSeconds(LiveServices.waitSeconds());
      List<Dashboards.Query> empty;
      do {
        Thread.sleep(2_000);
        empty = new ArrayList<>();
        for (Dashboards.Query q : required) {
          int n = seriesCount(prometheus, q);
          counts.put(q, n);
          if (n < 1) {
            empty.add(q);
          }
        }
      } while (!empty.isEmpty() && Instant.now().isBefore(deadline));
      for (Dashboards.Query q : plannedQueries) {
        counts.put(q, seriesCount(prometheus, q));
      }
      List<String> ruleErrors = ruleErrors(prometheus);
      JsonNode up = prometheus.query("up{job=~\"ingest|train|reward\"} == 1");
      writeReport(counts, plannedQueries, ruleErrors, prometheus);

      assertTrue(
          empty.isEmpty(),
          "panel queries without data after "
              + LiveServices.waitSeconds()
              + " s:\n  "
              + empty.stream().map(Object::toString).collect(Collectors.joining("\n  "))
              + "\ntargets: "
              + prometheus.api("/api/v1/targets").path("data").path("activeTargets"));
      assertTrue(ruleErrors.isEmpty(), "alert rules failing on live data: " + ruleErrors);
      assertTrue(
          up.path("data").path("result").size() == services.size(),
          "every service must be scraped successfully: " + up);
    }
  }

  private static int seriesCount(PrometheusServer prometheus, Dashboards.Query q) throws Exception {
    JsonNode answer = prometheus.query(PromQl.expandGrafanaVariables(q.expr()));
    if (!"success".equals(answer.path("status").asText())) {
      throw new AssertionError(q + " failed: " + answer);
    }
    return answer.path("data").path("result").size();
  }

  /** Rules whose last evaluation failed (health "err"). */
  private static List<String> ruleErrors(PrometheusServer prometheus) throws Exception {
    List<String> errors = new ArrayList<>();
    for (JsonNode group : prometheus.api("/api/v1/rules").path("data").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if ("err".equals(rule.path("health").asText())) {
          errors.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    return errors;
  }

  /** Scrape every second so a short run has enough samples for rate() windows. */
  static String config(Map<String, URI> services) {
    StringBuilder yaml =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - alerts.yml\nscrape_configs:\n");
    services.forEach(
        (job, url) ->
            yaml.append("  - job_name: ")
                .append(job)
                .append("\n    metrics_path: ")
                .append(url.getPath().isEmpty() ? "" : url.getPath())
                .append("/q/metrics\n    scheme: ")
                .append(url.getScheme())
                .append("\n    static_configs:\n      - targets: [\"")
                .append(LiveServices.target(url))
                .append("\"]\n"));
    return yaml.toString();
  }

  private static void writeReport(
      Map<Dashboards.Query, Integer> counts,
      List<Dashboards.Query> planned,
      List<String> ruleErrors,
      PrometheusServer prometheus)
      throws Exception {
    StringBuilder out = new StringBuilder("# series per dashboard query (live scrape)\n");
    counts.forEach(
        (q, n) ->
            out.append(n)
                .append(planned.contains(q) ? " [planned] " : " ")
                .append(q.toString().replace('\n', ' '))
                .append('\n'));
    out.append("# rule errors: ").append(ruleErrors).append('\n');
    Files.writeString(Repo.artifacts().resolve("live-scrape.txt"), out);
    Files.writeString(Repo.artifacts().resolve("live-scrape-prometheus.log"), prometheus.log());
  }
}
