package io.streamtune.train.observe;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What an observer (the doctor) may do to the run. Safe to call from the training thread (inside a
 * {@link StepObserved} observer) and from other threads: changes take effect before the next step.
 */
public interface TrainingControl {
  double learningRate();

  /** Logged and published on train.events with the reason. */
  void setLearningRate(double lr, String reason);

  double lambda();

  /** Logged and published on train.events with the reason. */
  void setLambda(double lambda, String reason);

  /**
   * Restore the newest checkpoint whose step <= maxStep (weights, optimizer, offsets); returns its
   * step, or empty when there is none. Applied before the next step.
   */
  OptionalLong rollbackTo(long maxStep, String reason);

  /**
   * Remember the newest checkpoint at or before {@code maxStep} (the step of the best evaluation)
   * as the best one, kept even beyond "keep last K".
   */
  void markBestCheckpoint(long maxStep, String reason);

  /** Stop training (the service stays up and serves predictions from the current weights). */
  void stopTraining(String reason);

  /** Publish a TrainEvent on train.events. */
  void publishEvent(String type, Map<String, Object> details);
}
