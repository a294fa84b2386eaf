package io.streamtune.train.doctor;

import java.util.Map;
import java.util.OptionalLong;

/**
 * What the doctor may do to the run: the subset of the service's {@code
 * io.streamtune.train.observe.TrainingControl} it uses, so the core (and its real-trainer tests)
 * depend on no service class. The service bean adapts one to the other method by method.
 */
public interface Treatment {

  /** False when nothing can act on the run (no TrainingControl in this build): report only. */
  default boolean available() {
    return true;
  }

  double learningRate();

  void setLearningRate(double lr, String reason);

  double lambda();

  void setLambda(double lambda, String reason);

  /** Restore the newest checkpoint whose step is at most {@code maxStep}; its step, if any. */
  OptionalLong rollbackTo(long maxStep, String reason);

  /** Keep the newest checkpoint at or before {@code bestEvalStep} as the best one. */
  void markBestCheckpoint(long bestEvalStep, String reason);

  void stopTraining(String reason);

  /** Publish a TrainEvent of this type on train.events. */
  void publishEvent(String type, Map<String, Object> details);
}
