package io.streamtune.train.training;

/**
 * The hyperparameters an operator or the doctor may change while training runs ({@link
 * OnlineTrainer#hyperparameters()}); the training thread reads them once per step. Any thread may
 * set them. Each setter checks its value and names it when it is wrong.
 */
public final class HyperparameterValues {

  /** PPO's clip range for the importance ratio (train.rewards.clip-ratio). */
  static final double DEFAULT_REWARD_CLIP = 0.2;

  private volatile double learningRate;
  private volatile double weightDecay;
  private volatile double lambda;
  private volatile double rewardClip = DEFAULT_REWARD_CLIP;

  HyperparameterValues(TrainerSettings settings) {
    restore(settings.learningRate(), settings.weightDecay(), settings.lambda());
  }

  public double learningRate() {
    return learningRate;
  }

  public double weightDecay() {
    return weightDecay;
  }

  public double lambda() {
    return lambda;
  }

  public double rewardClip() {
    return rewardClip;
  }

  public void setLearningRate(double lr) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("learning rate must be a finite number > 0, was " + lr);
    }
    this.learningRate = lr;
  }

  public void setWeightDecay(double wd) {
    if (!(wd >= 0) || !Double.isFinite(wd)) {
      throw new IllegalArgumentException("weight decay must be a finite number >= 0, was " + wd);
    }
    this.weightDecay = wd;
  }

  public void setLambda(double lambda) {
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("lambda must be a finite number >= 0, was " + lambda);
    }
    this.lambda = lambda;
  }

  /** The importance-ratio clip ε of the reward term, in (0, 1). */
  public void setRewardClip(double eps) {
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("reward clip must be in (0, 1), was " + eps);
    }
    this.rewardClip = eps;
  }

  /** The values a checkpoint saved (they were checked when they were set). */
  void restore(double lr, double wd, double lambda) {
    this.learningRate = lr;
    this.weightDecay = wd;
    this.lambda = lambda;
  }
}
