package io.streamtune.train.loop;

import io.streamtune.train.metrics.TrainMetrics;
import io.streamtune.train.training.OnlineTrainer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Run-time hyperparameter changes (the admin endpoint and the learning doctor): applied between
 * steps under the step lock, each logged and published on train.events as {@code
 * hyperparameters_changed}. Values arrive validated ({@link
 * io.streamtune.train.config.ConfigCheck}).
 */
@ApplicationScoped
public class Hyperparameters {

  private static final Logger LOG = Logger.getLogger(Hyperparameters.class);

  private final TrainingService service;
  private final TrainMetrics metrics;
  private final TrainEvents events;

  public Hyperparameters(TrainingService service, TrainMetrics metrics, TrainEvents events) {
    this.service = service;
    this.metrics = metrics;
    this.events = events;
  }

  /**
   * Applies validated hyperparameter changes between steps, logs and publishes each on
   * train.events. Null fields are left as they are. Answers each changed value as [from, to].
   */
  public Map<String, Object> change(
      Double learningRate, Double weightDecay, Integer newBatchSize, Double lambda, String reason) {
    OnlineTrainer t = service.trainer();
    if (t == null) {
      throw new IllegalStateException("the trainer is not running yet");
    }
    Map<String, Object> changed = new LinkedHashMap<>();
    long step;
    synchronized (service.lock()) {
      if (learningRate != null) {
        changed.put("learningRate", List.of(t.hyperparameters().learningRate(), learningRate));
        t.hyperparameters().setLearningRate(learningRate);
        metrics.learningRate(learningRate);
      }
      if (weightDecay != null) {
        changed.put("weightDecay", List.of(t.hyperparameters().weightDecay(), weightDecay));
        t.hyperparameters().setWeightDecay(weightDecay);
      }
      if (lambda != null) {
        changed.put("lambda", List.of(t.hyperparameters().lambda(), lambda));
        t.hyperparameters().setLambda(lambda);
        metrics.lambda(lambda);
      }
      if (newBatchSize != null) {
        changed.put("batchSize", List.of(service.batchSize().get(), newBatchSize));
        service.batchSize().set(newBatchSize);
      }
      step = t.progress().steps();
    }
    Instant now = Instant.now();
    changed.forEach(
        (name, fromTo) -> {
          List<?> v = (List<?>) fromTo;
          LOG.infof(
              "hyperparameter %s changed from %s to %s at step %d", name, v.get(0), v.get(1), step);
          Map<String, Object> details = new LinkedHashMap<>();
          details.put("name", name);
          details.put("from", v.get(0));
          details.put("to", v.get(1));
          details.put("reason", reason);
          events.publish("hyperparameters_changed", step, now, details);
        });
    return changed;
  }
}
