package io.streamtune.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts a catalogued Micrometer meter to the Prometheus names it is exported under, with the
 * same Prometheus registry the services use (register it, scrape, read the names back).
 */
final class MicrometerNames {
  private MicrometerNames() {}

  /** The metric family names ({@code # TYPE} lines) the meter produces. */
  static Set<String> families(Catalogue.Metric m) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      switch (m.type()) {
        case "counter" -> Counter.builder(m.micrometer()).baseUnit(m.unit()).register(registry);
        case "gauge" ->
            Gauge.builder(m.micrometer(), () -> 1).baseUnit(m.unit()).register(registry);
        case "timer" -> Timer.builder(m.micrometer()).register(registry);
        case "summary" ->
            DistributionSummary.builder(m.micrometer()).baseUnit(m.unit()).register(registry);
        default -> throw new IllegalArgumentException(m.name() + ": unknown type " + m.type());
      }
      Set<String> families = new TreeSet<>();
      for (String line : registry.scrape().split("\n")) {
        if (line.startsWith("# TYPE ")) {
          families.add(line.split(" ")[2]);
        }
      }
      return families;
    } finally {
      registry.close();
    }
  }
}
