package io.streamtune.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The agreement rules between queries, the catalogue and the code, as pure functions. */
final class MetricChecks {
  private MetricChecks() {}

  /**
   * Tag names allowed on Streamtune metrics (TEAM.md's list plus phase, cause, action, device, and
   * model and base: one value each per trainer, on the model-info gauge only).
   */
  static final Set<String> TAGS =
      Set.of(
          "topic", "outcome", "reason", "scorer", "split", "label", "phase", "cause", "action",
          "device", "model", "base");

  /** Queries selecting a series name that the catalogue does not document. */
  static List<String> uncatalogued(Collection<Dashboards.Query> queries, Catalogue catalogue) {
    Map<String, Catalogue.Metric> known = catalogue.bySeriesName();
    List<String> problems = new ArrayList<>();
    for (Dashboards.Query q : queries) {
      for (String name : PromQl.metricNames(q.expr())) {
        if (!known.containsKey(name)) {
          problems.add(name + " (in " + q + ")");
        }
      }
    }
    return problems;
  }

  /**
   * Queries selecting a Streamtune metric that no service's code declares. Platform metrics
   * (Prometheus, Quarkus) are proven by the live-scrape IT instead; planned metrics are allowed and
   * listed by {@link #plannedInUse}.
   */
  static List<String> notExported(
      Collection<Dashboards.Query> queries,
      Catalogue catalogue,
      Map<String, ServiceCode.Declared> code,
      Set<String> checkedServices) {
    Map<String, Catalogue.Metric> known = catalogue.bySeriesName();
    List<String> problems = new ArrayList<>();
    for (Dashboards.Query q : queries) {
      for (String name : PromQl.metricNames(q.expr())) {
        Catalogue.Metric m = known.get(name);
        boolean ours = m != null && m.micrometer() != null && m.planned() == null;
        if (ours && checkedServices.contains(m.service()) && !code.containsKey(m.micrometer())) {
          problems.add(
              name + " (" + m.micrometer() + " in no " + m.service() + " code; " + q + ")");
        }
      }
    }
    return problems;
  }

  /** Disagreements between the catalogue and the code of one service. */
  static List<String> catalogueVersusCode(
      Catalogue catalogue, Map<String, ServiceCode.Declared> code, String service) {
    List<String> problems = new ArrayList<>();
    String prefix = "streamtune." + service + ".";
    for (Catalogue.Metric m : catalogue.metrics()) {
      if (!service.equals(m.service())) {
        continue;
      }
      ServiceCode.Declared d = code.get(m.micrometer());
      if (m.planned() != null) {
        if (d != null) {
          problems.add(m.name() + " is declared in " + d.module() + ": remove its planned marker");
        }
      } else if (d == null) {
        problems.add(m.name() + ": the code declares no meter named " + m.micrometer());
      } else if (d.type() != null && !d.type().equals(m.type())) {
        problems.add(m.name() + ": catalogued as " + m.type() + ", registered as " + d.type());
      }
    }
    for (ServiceCode.Declared d : code.values()) {
      boolean catalogued =
          catalogue.metrics().stream().anyMatch(m -> d.micrometer().equals(m.micrometer()));
      if (d.micrometer().startsWith(prefix) && !catalogued) {
        problems.add(d.micrometer() + " (" + d.module() + ") is not in metrics/metrics.yml");
      }
    }
    return problems;
  }
}
