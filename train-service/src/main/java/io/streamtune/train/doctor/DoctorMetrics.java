package io.streamtune.train.doctor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamtune.train.probe.Baseline;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The doctor's metrics. {@code streamtune_doctor_finding{cause}}: 1 while the finding is active,
 * else 0; every cause is registered at start so dashboards and alert rules see all of them. {@code
 * streamtune_doctor_actions_total{action,cause}}: actions taken. {@code
 * streamtune_doctor_baseline_accuracy} and {@code streamtune_doctor_baseline_loss_per_byte}: the
 * learnability probe's yardstick.
 */
public final class DoctorMetrics {

  private final MeterRegistry registry;
  private final Map<Cause, AtomicInteger> findings = new EnumMap<>(Cause.class);
  private final Map<String, Counter> actions = new ConcurrentHashMap<>();
  private volatile double baselineAccuracy = Double.NaN;
  private volatile double baselineLossPerByte = Double.NaN;

  public DoctorMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Cause c : Cause.values()) {
      AtomicInteger v = new AtomicInteger();
      findings.put(c, v);
      Gauge.builder("streamtune.doctor.finding", v, AtomicInteger::get)
          .description("1 while the learning doctor's finding for this cause is active, else 0")
          .tag("cause", c.id())
          .register(registry);
    }
    Gauge.builder("streamtune.doctor.baseline.accuracy", this, m -> m.baselineAccuracy)
        .description(
            "Held-out accuracy of the learnability probe (hashed word n-gram Naive Bayes trained on"
                + " the same records), at the last evaluation")
        .register(registry);
    Gauge.builder("streamtune.doctor.baseline.loss.per.byte", this, m -> m.baselineLossPerByte)
        .description(
            "Held-out loss per completion byte (nats) of the probe's character n-gram model on"
                + " generation records, at the last evaluation")
        .register(registry);
  }

  /** The learnability probe's last held-out scores (NaN until it has any). */
  public void baseline(Baseline b) {
    baselineAccuracy = b.accuracy();
    baselineLossPerByte = b.lossPerByte();
  }

  public void finding(Cause c, boolean active) {
    findings.get(c).set(active ? 1 : 0);
  }

  public void action(String action, Cause cause) {
    actions
        .computeIfAbsent(
            action + "/" + cause.id(),
            k ->
                Counter.builder("streamtune.doctor.actions")
                    .description("Actions the learning doctor took (rollback, lr_cut, ...)")
                    .tag("action", action)
                    .tag("cause", cause.id())
                    .register(registry))
        .increment();
  }
}
