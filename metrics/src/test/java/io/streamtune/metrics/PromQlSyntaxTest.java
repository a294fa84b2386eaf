package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every dashboard query is valid PromQL, as judged by a real Prometheus's query API. */
class PromQlSyntaxTest {
  private static PrometheusServer prometheus;

  @BeforeAll
  static void startPrometheus() throws Exception {
    prometheus = PrometheusServer.start("global:\n  scrape_interval: 15s\nscrape_configs: []\n");
  }

  @AfterAll
  static void stopPrometheus() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void everyDashboardQueryParses() throws Exception {
    List<Dashboards.Query> queries = Dashboards.queries();
    assertTrue(queries.size() >= 20, "expected the dashboards' queries, found " + queries.size());
    List<String> errors = new ArrayList<>();
    for (Dashboards.Query q : queries) {
      JsonNode answer = prometheus.query(PromQl.expandGrafanaVariables(q.expr()));
      if (!"success".equals(answer.path("status").asText())) {
        errors.add(q + "\n    -> " + answer.path("error").asText(answer.toString()));
      }
    }
    assertTrue(errors.isEmpty(), "invalid PromQL:\n" + String.join("\n", errors));
  }

  /** The check above can fail: Prometheus rejects a broken expression with bad_data. */
  @Test
  void aBrokenExpressionIsRejected() throws Exception {
    JsonNode answer = prometheus.query("sum by (job) (rate(streamtune_train_samples_total[5m])");
    assertEquals("error", answer.path("status").asText(), answer.toString());
    assertEquals("bad_data", answer.path("errorType").asText(), answer.toString());
    assertFalse(answer.path("error").asText().isBlank());
  }
}
