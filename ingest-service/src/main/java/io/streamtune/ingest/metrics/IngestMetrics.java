package io.streamtune.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.streamtune.ingest.clean.Reasons;
import io.streamtune.ingest.streams.IngestListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest metrics (names {@code streamtune.ingest.*}), fed by the topology through {@link
 * IngestListener}. Counters are per instance (Prometheus sums them across instances); the two ratio
 * gauges are the whole application's ({@link ClusterQuality}).
 */
// Eager: metrics are an API and must exist from start-up, before the first record arrives.
@Startup
@ApplicationScoped
public class IngestMetrics implements IngestListener {

  private final MeterRegistry registry;
  private final QualityStats stats = new QualityStats();
  private final Map<String, Counter> records = new ConcurrentHashMap<>();
  private final Map<String, Counter> labels = new ConcurrentHashMap<>();
  private final DistributionSummary promptLength;
  private final Timer lag;
  private final Counter uploaded;

  public IngestMetrics(MeterRegistry registry, ClusterQuality cluster) {
    this.registry = registry;
    this.promptLength =
        DistributionSummary.builder("streamtune.ingest.prompt.length")
            .baseUnit("chars")
            .description("Length of admitted prompts (clean and eval), in characters")
            .serviceLevelObjectives(16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
            .register(registry);
    this.lag =
        Timer.builder("streamtune.ingest.lag")
            .description("Processing lag: decision time minus the raw record's timestamp")
            .serviceLevelObjectives(
                Duration.ofMillis(100),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5))
            .register(registry);
    this.uploaded =
        Counter.builder("streamtune.ingest.uploaded.records")
            .description("Records accepted by POST /records and produced to records.raw")
            .register(registry);
    // application-wide (the same on every instance), this instance's own while that is unreadable
    Gauge.builder(
            "streamtune.ingest.duplicate.ratio",
            cluster,
            c -> c.snapshot().orElseGet(stats::snapshot).duplicateRate())
        .description(
            "Share of validated records rejected as duplicate or near_duplicate, whole application")
        .register(registry);
    Gauge.builder(
            "streamtune.ingest.conflict.ratio",
            cluster,
            c -> c.snapshot().orElseGet(stats::snapshot).conflictRate())
        .description("Share of validated records rejected as label_conflict, whole application")
        .register(registry);
    counter(CLEAN, "none");
    counter(EVAL, "none");
    Reasons.ALL.forEach(r -> counter(REJECTED, r));
  }

  @Override
  public void onOutcome(String outcome, String reason, String label, int promptChars, long lagMs) {
    counter(outcome, reason).increment();
    if (label != null) {
      labels
          .computeIfAbsent(
              label,
              l ->
                  Counter.builder("streamtune.ingest.labels")
                      .description("Admitted label records by canonical label")
                      .tag("label", l)
                      .register(registry))
          .increment();
    }
    if (promptChars >= 0) {
      promptLength.record(promptChars);
    }
    lag.record(Duration.ofMillis(lagMs));
    stats.add(outcome, reason, label, promptChars);
  }

  public void onUploaded(int count) {
    uploaded.increment(count);
  }

  public QualityStats stats() {
    return stats;
  }

  private Counter counter(String outcome, String reason) {
    return records.computeIfAbsent(
        outcome + "/" + reason,
        k ->
            Counter.builder("streamtune.ingest.records")
                .description("Input records by final outcome and reject reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry));
  }
}
