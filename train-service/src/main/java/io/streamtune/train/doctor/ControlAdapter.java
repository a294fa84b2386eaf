package io.streamtune.train.doctor;

import io.streamtune.train.observe.TrainingControl;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * The service's {@link TrainingControl} as the doctor's {@link Treatment}, looked up on each call
 * so a build without a control bean still starts: the doctor then reports and does not act.
 */
final class ControlAdapter implements Treatment {

  private static final Logger LOG = Logger.getLogger(ControlAdapter.class);

  private final Instance<TrainingControl> control;
  private boolean warned;

  ControlAdapter(Instance<TrainingControl> control) {
    this.control = control;
  }

  @Override
  public boolean available() {
    boolean ok = control.isResolvable();
    if (!ok && !warned) {
      warned = true;
      LOG.warn("no TrainingControl bean: the learning doctor reports findings but cannot act");
    }
    return ok;
  }

  @Override
  public double learningRate() {
    return control.get().learningRate();
  }

  @Override
  public void setLearningRate(double lr, String reason) {
    control.get().setLearningRate(lr, reason);
  }

  @Override
  public double lambda() {
    return control.get().lambda();
  }

  @Override
  public void setLambda(double lambda, String reason) {
    control.get().setLambda(lambda, reason);
  }

  @Override
  public OptionalLong rollbackTo(long maxStep, String reason) {
    return control.get().rollbackTo(maxStep, reason);
  }

  @Override
  public void markBestCheckpoint(long bestEvalStep, String reason) {
    control.get().markBestCheckpoint(bestEvalStep, reason);
  }

  @Override
  public void stopTraining(String reason) {
    control.get().stopTraining(reason);
  }

  @Override
  public void publishEvent(String type, Map<String, Object> details) {
    if (available()) {
      control.get().publishEvent(type, details);
    } else {
      LOG.infof("doctor event %s %s (no TrainingControl to publish it)", type, details);
    }
  }
}
