package io.streamtune.train.doctor;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.observe.StepObserved;
import io.streamtune.train.observe.TrainingControl;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The learning doctor in the service: observes every step and evaluation on the training thread
 * (StepObserved / EvalObserved), polls the ingest service's GET /quality on a {@code @Scheduled}
 * turn, and acts through the service's {@link TrainingControl}. A failure inside the doctor is
 * logged and never reaches the training loop.
 */
@Startup
@ApplicationScoped
public class Doctor {

  private static final Logger LOG = Logger.getLogger(Doctor.class);

  private final DoctorConfig config;
  private final DoctorCore core;
  private final Instance<QualityClient> quality;

  public Doctor(
      DoctorConfig config,
      Instance<TrainingControl> control,
      MeterRegistry registry,
      Instance<QualityClient> quality) {
    DoctorSettingsCheck.check(config);
    this.config = config;
    this.quality = quality;
    this.core =
        new DoctorCore(
            config.thresholds(),
            config.actions(),
            new ControlAdapter(control),
            new DoctorMetrics(registry),
            config.history());
  }

  @PostConstruct
  void start() {
    if (!config.enabled()) {
      LOG.info("learning doctor off (train.doctor.enabled=false)");
      return;
    }
    LOG.infof(
        "learning doctor on: actions %s, quality from %s",
        config.actions(), config.quality().enabled() ? config.quality().url() : "(off)");
  }

  /**
   * Asks the ingest service for its quality numbers, on the scheduler's thread, never the training
   * thread. No answer keeps the data findings as they were; a slow answer skips the next turn
   * rather than queueing behind it.
   */
  @Scheduled(
      identity = "doctor-quality",
      every = "${train.doctor.quality.interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void pollQuality() {
    if (!config.enabled() || !config.quality().enabled()) {
      return;
    }
    try {
      // resolved here, not in the constructor, so a bad URL is reported by the settings check
      quality.get().fetch().ifPresent(q -> core.onQuality(q, Instant.now()));
    } catch (RuntimeException ex) {
      LOG.errorf(ex, "learning doctor failed on quality numbers");
    }
  }

  void onStep(@Observes StepObserved e) {
    if (!config.enabled()) {
      return;
    }
    try {
      List<Double> rewards = e.rewardsUsed() == null ? List.of() : e.rewardsUsed();
      core.onStep(e.stats(), rewards, e.pass(), e.lag(), e.batchSize(), e.newPartition(), e.at());
    } catch (RuntimeException ex) {
      LOG.errorf(ex, "learning doctor failed on step %d; training continues", e.stats().step());
    }
  }

  void onEval(@Observes EvalObserved e) {
    if (!config.enabled()) {
      return;
    }
    try {
      core.onEval(e.step(), e.stats(), e.baseline(), e.stream(), e.at());
    } catch (RuntimeException ex) {
      LOG.errorf(ex, "learning doctor failed on the evaluation at step %d", e.step());
    }
  }

  /** The current findings, recent history and actions (any thread). */
  public Diagnosis diagnosis() {
    Diagnosis d = core.diagnosis();
    return config.enabled()
        ? d
        : new Diagnosis(false, d.step(), true, List.of(), List.of(), List.of());
  }
}
