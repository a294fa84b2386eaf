package io.streamtune.train.loop;

import io.streamtune.train.config.ConfigCheck;
import io.streamtune.train.observe.TrainingControl;
import io.streamtune.train.training.OnlineTrainer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * {@link TrainingControl} for observers such as the learning doctor. Hyperparameters change under
 * the step lock (the lock is re-entrant, so observers on the training thread cannot deadlock); a
 * rollback runs on the training thread at once ({@link TrainingLoop#rollbackTo}).
 */
@ApplicationScoped
public class ServiceControl implements TrainingControl {

  private static final Logger LOG = Logger.getLogger(ServiceControl.class);

  private final TrainingService service;
  private final Hyperparameters hyperparameters;
  private final TrainEvents events;

  public ServiceControl(
      TrainingService service, Hyperparameters hyperparameters, TrainEvents events) {
    this.service = service;
    this.hyperparameters = hyperparameters;
    this.events = events;
  }

  private OnlineTrainer trainer() {
    OnlineTrainer t = service.trainer();
    if (t == null) {
      throw new IllegalStateException("the trainer is not running yet");
    }
    return t;
  }

  @Override
  public double learningRate() {
    return trainer().hyperparameters().learningRate();
  }

  @Override
  public void setLearningRate(double lr, String reason) {
    requireValid(ConfigCheck.learningRateProblems(lr));
    hyperparameters.change(lr, null, null, null, reason);
  }

  @Override
  public double lambda() {
    return trainer().hyperparameters().lambda();
  }

  @Override
  public void setLambda(double lambda, String reason) {
    requireValid(ConfigCheck.lambdaProblems(lambda));
    hyperparameters.change(null, null, null, lambda, reason);
  }

  @Override
  public OptionalLong rollbackTo(long maxStep, String reason) {
    TrainingLoop loop = service.loop();
    if (loop == null) {
      LOG.warnf("rollback to step <= %d asked (%s) before training started", maxStep, reason);
      return OptionalLong.empty();
    }
    return loop.rollbackTo(maxStep, reason);
  }

  @Override
  public void markBestCheckpoint(long maxStep, String reason) {
    try {
      Optional<String> best = service.store().markBest(maxStep);
      if (best.isEmpty()) {
        LOG.warnf("no kept checkpoint at or before step %d to mark as best (%s)", maxStep, reason);
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("checkpoint", best.orElse(null));
      d.put("atMostStep", maxStep);
      d.put("reason", reason);
      events.publish("best_checkpoint", trainer().progress().steps(), d);
    } catch (IOException e) {
      LOG.errorf(e, "cannot mark the best checkpoint (%s)", reason);
    }
  }

  @Override
  public void stopTraining(String reason) {
    TrainingLoop loop = service.loop();
    if (loop != null) {
      loop.halt(reason);
      LOG.warnf("training stopped: %s", reason);
      events.publish("training_stopped", trainer().progress().steps(), Map.of("reason", reason));
    }
  }

  @Override
  public void publishEvent(String type, Map<String, Object> details) {
    events.publish(
        type, service.trainer() == null ? 0 : service.trainer().progress().steps(), details);
  }

  private static void requireValid(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }
}
