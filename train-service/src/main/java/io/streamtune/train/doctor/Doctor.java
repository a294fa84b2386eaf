package io.streamtune.train.doctor;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.observe.StepObserved;
import io.streamtune.train.observe.TrainingControl;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The learning doctor in the service: observes every step and evaluation on the training thread
 * (StepObserved / EvalObserved), polls the ingest service's GET /quality on its own daemon thread,
 * and acts through the service's {@link TrainingControl}. A failure inside the doctor is logged and
 * never reaches the training loop.
 */
@Startup
@ApplicationScoped
public class Doctor {

  private static final Logger LOG = Logger.getLogger(Doctor.class);

  private final DoctorConfig config;
  private final DoctorCore core;
  private Thread poller;

  public Doctor(DoctorConfig config, Instance<TrainingControl> control, MeterRegistry registry) {
    DoctorSettingsCheck.check(config);
    this.config = config;
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
    if (config.quality().enabled()) {
      QualityClient client = new QualityClient(config.quality().url(), config.quality().timeout());
      poller = new Thread(() -> poll(client), "doctor-quality");
      poller.setDaemon(true);
      poller.start();
    }
    LOG.infof(
        "learning doctor on: actions %s, quality from %s",
        config.actions(), config.quality().enabled() ? config.quality().url() : "(off)");
  }

  private void poll(QualityClient client) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        client.fetch().ifPresent(q -> core.onQuality(q, java.time.Instant.now()));
      } catch (RuntimeException ex) {
        LOG.errorf(ex, "learning doctor failed on quality numbers");
      }
      try {
        Thread.sleep(config.quality().interval().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    if (poller != null) {
      poller.interrupt();
      poller.join(5_000);
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
