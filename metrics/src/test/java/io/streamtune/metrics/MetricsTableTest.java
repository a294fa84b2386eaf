package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * metrics/METRICS.md and the README's metrics table are rendered from metrics/metrics.yml and kept
 * in step with it. On a difference the fresh rendering is left in target/test-artifacts/METRICS.md.
 */
class MetricsTableTest {

  @Test
  void metricsTableMatchesTheCatalogue() throws Exception {
    String expected = render(Catalogue.load());
    Path file = Repo.metrics().resolve("METRICS.md");
    String actual = Files.exists(file) ? Files.readString(file) : "";
    if (!expected.equals(actual)) {
      Path fresh = Repo.artifacts().resolve("METRICS.md");
      Files.writeString(fresh, expected);
      assertEquals(expected, actual, "metrics/METRICS.md is stale: copy " + fresh + " over it");
    }
  }

  @Test
  void readmeShowsTheSameTable() throws Exception {
    String rendered = render(Catalogue.load());
    String table = rendered.substring(rendered.indexOf("| Metric | Type | Tags | Service |"));
    String readme = Files.readString(Repo.root().resolve("README.md"));
    if (!readme.contains(table)) {
      Path fresh = Repo.artifacts().resolve("README-metrics-table.md");
      Files.writeString(fresh, table);
      throw new AssertionError(
          "README.md's metrics table differs from metrics/metrics.yml: replace it with " + fresh);
    }
  }

  static String render(Catalogue catalogue) {
    StringBuilder md =
        new StringBuilder(
            "# Streamtune metrics\n\n"
                + "Rendered from `metrics/metrics.yml` (the catalogue the tests check dashboards, alert\n"
                + "rules and the services' code against); `MetricsTableTest` fails when this file is\n"
                + "stale. Every service exports them at `/q/metrics`. Timers and summaries also export\n"
                + "`_count`, `_sum` and `_max` series (and `_bucket` or `{quantile=…}` series where\n"
                + "noted).\n\n"
                + "| Metric | Type | Tags | Service | Meaning |\n"
                + "|---|---|---|---|---|\n");
    for (Catalogue.Metric m : catalogue.metrics()) {
      row(md, m, m.service() + (m.planned() != null ? " (planned: " + m.planned() + ")" : ""));
    }
    md.append("\nAlso on every service (Prometheus and Quarkus):\n\n")
        .append("| Metric | Type | Tags | Meaning |\n|---|---|---|---|\n");
    for (Catalogue.Metric m : catalogue.platform()) {
      md.append("| `")
          .append(m.name())
          .append("` | ")
          .append(m.type())
          .append(" | ")
          .append(tags(m.tags()))
          .append(" | ")
          .append(cell(m.help()))
          .append(" |\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, Catalogue.Metric m, String service) {
    md.append("| `")
        .append(m.name())
        .append("` | ")
        .append(m.type())
        .append(" | ")
        .append(tags(m.tags()))
        .append(" | ")
        .append(service)
        .append(" | ")
        .append(cell(m.help()))
        .append(" |\n");
  }

  private static String tags(List<String> tags) {
    return tags.isEmpty() ? "" : String.join(", ", tags);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
