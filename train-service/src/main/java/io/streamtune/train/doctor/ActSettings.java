package io.streamtune.train.doctor;

/**
 * What the doctor may do to the run, as plain values (from {@link DoctorConfig.Act}).
 *
 * @param rollbackOnDivergence restore the newest checkpoint from before a divergence
 * @param lrCutFactor multiply the learning rate by this on divergence (1 = no cut)
 * @param markBestOnOverfitting keep the newest checkpoint as the best one on overfitting
 * @param stopOnOverfitting stop training on overfitting (early stop)
 * @param dropLambdaOnDeadReward hold λ at 0 while the reward is dead, then restore it
 */
public record ActSettings(
    boolean rollbackOnDivergence,
    double lrCutFactor,
    boolean markBestOnOverfitting,
    boolean stopOnOverfitting,
    boolean dropLambdaOnDeadReward) {

  /** The defaults of {@link DoctorConfig.Act}. */
  public static ActSettings defaults() {
    return new ActSettings(true, 0.1, true, false, true);
  }

  /** Watch and report only. */
  public static ActSettings none() {
    return new ActSettings(false, 1.0, false, false, false);
  }
}
