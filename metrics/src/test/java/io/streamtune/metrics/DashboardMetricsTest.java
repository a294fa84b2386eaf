package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Dashboards, alert rules, the catalogue (metrics/metrics.yml) and the services' code agree: a
 * dashboard or alert that queries a metric no service exports fails here.
 */
class DashboardMetricsTest {

  @Test
  void catalogueIsWellFormed() throws Exception {
    Catalogue catalogue = Catalogue.load();
    Set<String> names = new HashSet<>();
    for (Catalogue.Metric m : catalogue.metrics()) {
      String what = m.name() + ": ";
      assertTrue(names.add(m.name()), what + "listed twice");
      assertTrue(Set.of("ingest", "train", "reward", "doctor").contains(m.service()), what + m);
      assertTrue(Set.of("counter", "gauge", "timer", "summary").contains(m.type()), what + m);
      assertTrue(m.name().startsWith("streamtune_" + m.service() + "_"), what + "bad prefix");
      assertTrue(m.micrometer().startsWith("streamtune." + m.service() + "."), what + "bad name");
      assertTrue(
          MicrometerNames.families(m).contains(m.name()),
          what + "Micrometer exports " + MicrometerNames.families(m) + ", not " + m.name());
      assertTrue(
          MetricChecks.TAGS.containsAll(m.tags()), what + "tags outside " + MetricChecks.TAGS);
      assertTrue(m.help() != null && m.help().length() > 10, what + "no help text");
    }
    for (Catalogue.Metric m : catalogue.platform()) {
      assertTrue(m.help() != null && !m.help().isBlank(), m.name() + ": no help text");
    }
  }

  @Test
  void dashboardAndAlertQueriesUseOnlyCataloguedMetrics() throws Exception {
    List<String> problems = MetricChecks.uncatalogued(allQueries(), Catalogue.load());
    assertTrue(problems.isEmpty(), "metrics missing from metrics/metrics.yml:\n" + problems);
  }

  /**
   * For each service whose code declares its metrics: the catalogue and the code agree (names and
   * meter types), and every dashboard/alert query of that service's metrics is exported. A service
   * whose code declares no {@code streamtune.<service>.*} meter yet is skipped (and shown so).
   */
  @ParameterizedTest
  @ValueSource(strings = {"ingest", "train", "reward", "doctor"})
  void catalogueDashboardsAndCodeAgree(String service) throws Exception {
    Map<String, ServiceCode.Declared> code = ServiceCode.declared();
    writeInventory(code);
    boolean declares =
        code.keySet().stream().anyMatch(n -> n.startsWith("streamtune." + service + "."));
    Catalogue catalogue = Catalogue.load();
    boolean allPlanned =
        catalogue.metrics().stream()
            .filter(m -> service.equals(m.service()))
            .allMatch(m -> m.planned() != null);
    assumeTrue(
        declares || allPlanned, service + " declares no streamtune." + service + ".* meter yet");
    List<String> problems =
        new ArrayList<>(MetricChecks.catalogueVersusCode(catalogue, code, service));
    problems.addAll(MetricChecks.notExported(allQueries(), catalogue, code, Set.of(service)));
    assertTrue(problems.isEmpty(), service + ":\n  " + String.join("\n  ", problems));
  }

  /** The checks above can fail: an unknown or unexported metric is reported. */
  @Test
  void checksReportUnknownAndUnexportedMetrics() throws Exception {
    Catalogue catalogue = Catalogue.load();
    var bogus = new Dashboards.Query("t", "p", "rate(streamtune_train_bogus_total[1m])");
    assertEquals(1, MetricChecks.uncatalogued(List.of(bogus), catalogue).size());
    var loss = new Dashboards.Query("t", "p", "streamtune_train_loss{split=\"eval\"}");
    assertTrue(MetricChecks.uncatalogued(List.of(loss), catalogue).isEmpty());
    List<String> missing =
        MetricChecks.notExported(List.of(loss), catalogue, Map.of(), Set.of("train"));
    assertEquals(1, missing.size(), missing.toString());
    var declared =
        Map.of(
            "streamtune.train.loss",
            new ServiceCode.Declared("streamtune.train.loss", "train-service", "counter"));
    List<String> wrongType = MetricChecks.catalogueVersusCode(catalogue, declared, "train");
    assertTrue(
        wrongType.stream().anyMatch(p -> p.contains("registered as counter")),
        wrongType.toString());
  }

  @Test
  void dashboardsShowWhatTheIssueAsks() throws Exception {
    Map<String, JsonNode> byTitle = new TreeMap<>();
    Set<String> uids = new HashSet<>();
    String datasourceUid = provisionedDatasourceUid();
    for (Path file : Dashboards.files()) {
      JsonNode d = Dashboards.read(file);
      byTitle.put(d.path("title").asText(), d);
      assertTrue(uids.add(d.path("uid").asText()), file + ": duplicate uid");
      for (JsonNode panel : Dashboards.panels(d)) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        String where = file.getFileName() + " / " + panel.path("title").asText();
        assertFalse(panel.path("targets").isEmpty(), where + ": no query");
        assertEquals(datasourceUid, panel.path("datasource").path("uid").asText(), where);
        assertFalse(panel.path("description").asText().isBlank(), where + ": no description");
      }
    }
    assertEquals(Set.of("Training", "Data quality", "Reward"), byTitle.keySet());
    assertQueries(
        byTitle.get("Training"),
        "streamtune_train_loss",
        "streamtune_train_eval_accuracy",
        "streamtune_train_learning_rate",
        "streamtune_train_grad_norm",
        "streamtune_train_samples_total",
        "streamtune_train_tokens_total",
        "streamtune_train_consumer_lag_records",
        "streamtune_train_checkpoint_age_seconds",
        "streamtune_doctor_finding");
    assertQueries(
        byTitle.get("Data quality"),
        "streamtune_ingest_records_total",
        "streamtune_ingest_labels_total");
    assertQueries(
        byTitle.get("Reward"),
        "streamtune_reward_score_mean",
        "streamtune_reward_score_stddev",
        "streamtune_train_reward_latency_seconds",
        "streamtune_train_rewards_stale_total",
        "streamtune_train_lambda");
  }

  /** Leaves the meters found in the code (name, module, type) as a test artifact. */
  private static void writeInventory(Map<String, ServiceCode.Declared> code) throws Exception {
    StringBuilder out =
        new StringBuilder("# micrometer name, module, meter type seen in the code\n");
    for (ServiceCode.Declared d : code.values()) {
      out.append(d.micrometer()).append(' ').append(d.module()).append(' ').append(d.type());
      out.append('\n');
    }
    Files.writeString(Repo.artifacts().resolve("metrics-in-code.txt"), out);
  }

  private static void assertQueries(JsonNode dashboard, String... metrics) {
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : Dashboards.panels(dashboard)) {
      panel.path("targets").forEach(t -> used.addAll(PromQl.metricNames(t.path("expr").asText())));
    }
    for (String metric : metrics) {
      assertTrue(used.contains(metric), dashboard.path("title").asText() + " lacks " + metric);
    }
  }

  @SuppressWarnings("unchecked")
  private static String provisionedDatasourceUid() throws Exception {
    Path file = Repo.metrics().resolve("grafana/provisioning/datasources/prometheus.yml");
    Map<String, Object> doc = new Yaml().load(Files.readString(file));
    List<Map<String, Object>> sources = (List<Map<String, Object>>) doc.get("datasources");
    return (String) sources.get(0).get("uid");
  }

  /** Dashboard panel queries plus the alert rules' expressions. */
  static List<Dashboards.Query> allQueries() throws Exception {
    List<Dashboards.Query> queries = new ArrayList<>(Dashboards.queries());
    for (Map<String, Object> rule : PromtoolTest.alertRules()) {
      queries.add(
          new Dashboards.Query(
              "alerts.yml", (String) rule.get("alert"), (String) rule.get("expr")));
    }
    return queries;
  }
}
