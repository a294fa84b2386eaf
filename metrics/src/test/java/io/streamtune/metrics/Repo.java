package io.streamtune.metrics;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths inside the Streamtune checkout, wherever Maven was started from. */
final class Repo {
  private Repo() {}

  /** The repository root: {@code -Dstreamtune.root}, else the first parent holding metrics/. */
  static Path root() {
    String configured = System.getProperty("streamtune.root", "");
    if (!configured.isBlank() && Files.isDirectory(Path.of(configured, "metrics"))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("metrics/metrics.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (no metrics/metrics.yml)");
  }

  static Path metrics() {
    return root().resolve("metrics");
  }

  static Path prometheus() {
    return metrics().resolve("prometheus");
  }

  static Path dashboards() {
    return metrics().resolve("grafana/dashboards");
  }

  /** Where tests leave artifacts (screenshots, Prometheus logs): metrics/target/test-artifacts. */
  static Path artifacts() throws java.io.IOException {
    return Files.createDirectories(metrics().resolve("target/test-artifacts"));
  }
}
