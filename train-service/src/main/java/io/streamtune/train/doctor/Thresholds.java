package io.streamtune.train.doctor;

import io.smallrye.config.WithDefault;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.function.Function;

/**
 * The doctor's detector parameters as plain values (the pure {@link Diagnoser} takes these; the
 * service builds them from {@link DoctorConfig.Detect}, whose {@code @WithDefault} values are the
 * defaults and carry the reasons). One component per Detect property, of the same name. Units:
 * losses in nats per token, log-space values in natural log.
 */
public record Thresholds(
    int minSteps,
    int windowSteps,
    int checkEverySteps,
    int clearSteps,
    double spikeDelta,
    double spikeLambda,
    double spikeAlpha,
    double spikeLossFloor,
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
    double rewardCorrMax,
    double classIgnoredShare,
    double classIgnoredRecall,
    long baselineMinRecords,
    double baselineMargin,
    int plateauEvals,
    double learnableMargin,
    double baselineLossMargin,
    double truncatedShare,
    double inputEffectMin,
    double tiedShareMax,
    int undertrainedIdleSeconds,
    double undertrainedDrop,
    int backlogBatches) {

  /** The {@code @WithDefault} values of {@link DoctorConfig.Detect}: one source for both. */
  public static Thresholds defaults() {
    return of(
        name -> {
          try {
            return DoctorConfig.Detect.class
                .getMethod(name)
                .getAnnotation(WithDefault.class)
                .value();
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException("DoctorConfig.Detect has no " + name, e);
          }
        });
  }

  /**
   * Thresholds whose components take {@code value.apply(componentName)}: a number, or its text
   * (parsed to the component's type).
   */
  static Thresholds of(Function<String, Object> value) {
    RecordComponent[] components = Thresholds.class.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      Object v = value.apply(components[i].getName());
      String text = v.toString();
      args[i] =
          types[i] == int.class
              ? (Object) Integer.parseInt(text)
              : types[i] == long.class ? (Object) Long.parseLong(text) : Double.parseDouble(text);
    }
    try {
      Constructor<Thresholds> c = Thresholds.class.getDeclaredConstructor(types);
      return c.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build the doctor's thresholds", e);
    }
  }
}
