package io.streamtune.train.doctor;

/**
 * The doctor's detector parameters as plain values (the pure {@link Diagnoser} takes these; the
 * service builds them from {@link DoctorConfig.Detect}, whose defaults are the same numbers and
 * carry the reasons). Units: losses in nats per token, log-space values in natural log.
 */
public record Thresholds(
    int minSteps,
    int windowSteps,
    int checkEverySteps,
    int clearSteps,
    double spikeDelta,
    double spikeLambda,
    double spikeAlpha,
    int nonFiniteWindow,
    int nonFiniteMax,
    double updateRatioHigh,
    double updateRatioLow,
    double trendZ,
    double flatDrop,
    double noiseRelative,
    double noiseMinLevel,
    int evalWindow,
    double evalZ,
    double evalMinRise,
    int clearEvals,
    double memorizeRatio,
    int chanceMinSteps,
    int chanceEvals,
    double chanceMargin,
    double duplicateRate,
    double conflictRate,
    double imbalanceRatio,
    long qualityMinRecords,
    int rewardMin,
    double rewardDeadSpread,
    double rewardRecoverSpread,
    int rewardCorrEvals,
    double rewardCorrMax) {

  /** The defaults of {@link DoctorConfig.Detect} (a unit test keeps the two equal). */
  public static Thresholds defaults() {
    return new Thresholds(
        20, 100, 10, 50, 0.1, 3.0, 0.05, 50, 3, 0.05, 1e-4, 1.96, 0.05, 0.4, 0.05, 6, 1.64, 0.05, 2,
        0.25, 300, 3, 0.1, 0.3, 0.05, 10.0, 200, 32, 1e-6, 1e-3, 8, 0.2);
  }
}
