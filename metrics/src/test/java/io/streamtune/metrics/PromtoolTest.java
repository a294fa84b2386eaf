package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The scrape config and the alert rules, checked by Prometheus's own promtool. */
class PromtoolTest {
  private static final Duration LIMIT = Duration.ofMinutes(2);

  /** prometheus.yml (host run) and prometheus-compose.yml (docker compose). */
  @ParameterizedTest
  @ValueSource(strings = {"prometheus.yml", "prometheus-compose.yml"})
  @SuppressWarnings("unchecked")
  void scrapeConfigIsValidAndScrapesEveryService(String file) throws Exception {
    Path config = Repo.prometheus().resolve(file);
    Tools.Result result =
        Tools.exec(
            LIMIT, List.of(Tools.promtool().toString(), "check", "config", config.toString()));
    assertEquals(0, result.exitCode(), result.output());
    Map<String, Object> doc = new Yaml().load(Files.readString(config));
    Set<String> jobs = new TreeSet<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) doc.get("scrape_configs")) {
      if (!"prometheus".equals(job.get("job_name"))) {
        assertEquals("/q/metrics", job.get("metrics_path"), file + ": " + job);
      }
      jobs.add((String) job.get("job_name"));
    }
    assertTrue(jobs.containsAll(Set.of("ingest", "train", "reward")), file + ": jobs " + jobs);
    assertEquals(List.of("alerts.yml"), doc.get("rule_files"), file);
  }

  @Test
  void alertRulesAreValid() throws Exception {
    Tools.Result result =
        Tools.exec(
            LIMIT,
            List.of(
                Tools.promtool().toString(),
                "check",
                "rules",
                Repo.prometheus().resolve("alerts.yml").toString()));
    assertEquals(0, result.exitCode(), result.output());
  }

  @Test
  void alertUnitTestsPass() throws Exception {
    List<String> command = new ArrayList<>(List.of(Tools.promtool().toString(), "test", "rules"));
    testFiles().forEach(file -> command.add(file.toString()));
    Tools.Result result = Tools.exec(LIMIT, command);
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("SUCCESS"), result.output());
  }

  /** Every alert has a unit test where it fires and one where it stays silent. */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasAFiringAndASilentTest() throws IOException {
    Set<String> alerts = new TreeSet<>(alertNames());
    Set<String> fires = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (Path file : testFiles()) {
      Map<String, Object> doc = new Yaml().load(Files.readString(file));
      for (Map<String, Object> test : (List<Map<String, Object>>) doc.get("tests")) {
        for (Map<String, Object> check :
            (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
          List<?> expected = (List<?>) check.get("exp_alerts");
          String name = (String) check.get("alertname");
          (expected == null || expected.isEmpty() ? silent : fires).add(name);
        }
      }
    }
    Set<String> missingFiring = new TreeSet<>(alerts);
    missingFiring.removeAll(fires);
    Set<String> missingSilent = new TreeSet<>(alerts);
    missingSilent.removeAll(silent);
    assertTrue(missingFiring.isEmpty(), "alerts without a firing test: " + missingFiring);
    assertTrue(missingSilent.isEmpty(), "alerts without a silent test: " + missingSilent);
    assertTrue(alerts.size() >= 10, "expected the issue's alerts, found " + alerts);
  }

  /** An operator reading the alert learns what it means, the likely cause and what to try. */
  @Test
  @SuppressWarnings("unchecked")
  void everyAlertExplainsItself() throws IOException {
    for (Map<String, Object> rule : alertRules()) {
      String name = (String) rule.get("alert");
      Map<String, String> labels = (Map<String, String>) rule.get("labels");
      Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
      assertTrue(labels != null && labels.containsKey("severity"), name + ": no severity label");
      assertTrue(annotations != null, name + ": no annotations");
      assertTrue(annotations.getOrDefault("summary", "").length() > 20, name + ": no summary");
      String description = annotations.getOrDefault("description", "");
      assertTrue(description.contains("Try"), name + ": the description says nothing to try");
    }
  }

  /** The alert names in alerts.yml. */
  @SuppressWarnings("unchecked")
  static List<String> alertNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> rule : alertRules()) {
      names.add((String) rule.get("alert"));
    }
    return names;
  }

  /** Every rule of alerts.yml as parsed YAML. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alertRules() throws IOException {
    Map<String, Object> doc =
        new Yaml().load(Files.readString(Repo.prometheus().resolve("alerts.yml")));
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  private static List<Path> testFiles() throws IOException {
    try (Stream<Path> files = Files.list(Repo.prometheus().resolve("tests"))) {
      List<Path> list = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
      assertTrue(!list.isEmpty(), "no promtool test files in prometheus/tests");
      return list;
    }
  }
}
