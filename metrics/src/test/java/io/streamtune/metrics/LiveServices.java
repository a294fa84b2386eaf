package io.streamtune.metrics;

import java.net.URI;
import java.util.Optional;

/**
 * Base URLs of running services, from system properties set by the launcher harness: {@code
 * streamtune.ingest.url}, {@code streamtune.train.url}, {@code streamtune.reward.url} (e.g. {@code
 * http://localhost:8082}). Blank or unset: the live ITs are skipped.
 */
final class LiveServices {
  private LiveServices() {}

  static Optional<URI> url(String service) {
    String value = System.getProperty("streamtune." + service + ".url", "").strip();
    if (value.isEmpty() || value.startsWith("${")) {
      return Optional.empty();
    }
    return Optional.of(
        URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value));
  }

  /** {@code host:port} of a base URL, as a Prometheus scrape target. */
  static String target(URI url) {
    int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    return url.getHost() + ":" + port;
  }

  /** Seconds to wait for data, {@code -Dstreamtune.live.wait-seconds} (default 300). */
  static long waitSeconds() {
    return Long.getLong("streamtune.live.wait-seconds", 300);
  }
}
