package io.streamtune.train.doctor;

import io.streamtune.train.observe.EvalObserved;
import io.streamtune.train.probe.Baseline;
import io.streamtune.train.training.EvalChecks;
import io.streamtune.train.training.EvalStats;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation-side checks that compare the model with the data (#13): a class it never answers,
 * the learnability probe's baseline (model behind it, or the data not learnable at all), inputs cut
 * by the context, answers that ignore the input, and a stream used up while the model still
 * learned. Each condition must hold over {@code chanceEvals} evaluations in a row after {@code
 * chanceMinSteps} steps; the Diagnoser gates them with hysteresis.
 */
final class ModelChecks {

  private final Thresholds t;
  private final EvalSignals evals;
  private final Map<String, Integer> ignoredRun = new HashMap<>();
  private int behindRun;
  private int truncatedRun;
  private int unlearnableRun;
  private int inputIgnoredRun;
  private String ignoredLabel;
  private EvalStats e;
  private Baseline b = Baseline.NONE;
  private EvalObserved.Stream stream = EvalObserved.Stream.UNKNOWN;
  private boolean enough;

  ModelChecks(Thresholds t, EvalSignals evals) {
    this.t = t;
    this.evals = evals;
  }

  /** A new evaluation (already added to {@code evals}). */
  void add(EvalStats e, Baseline b, EvalObserved.Stream stream, long stepsTrained) {
    this.e = e;
    this.b = b;
    this.stream = stream;
    this.enough = stepsTrained >= t.chanceMinSteps();
    behindRun = behindNow() ? behindRun + 1 : 0;
    unlearnableRun = baselineReady() && !learnable() && modelAtChance() ? unlearnableRun + 1 : 0;
    inputIgnoredRun = inputIgnoredNow() ? inputIgnoredRun + 1 : 0;
    truncatedRun = truncatedShare() > t.truncatedShare() ? truncatedRun + 1 : 0;
    updateIgnoredLabels();
  }

  /** The same evaluation reported again while the stream is idle: only the stream moved. */
  void repeat(EvalObserved.Stream stream) {
    this.stream = stream;
  }

  private boolean held(int run) {
    return enough && run >= t.chanceEvals();
  }

  // ---- the baseline ----

  /** The probe has learned enough label records to be a yardstick, on this held-out set. */
  boolean baselineReady() {
    return b.hasAccuracy() && b.labelRecords() >= t.baselineMinRecords();
  }

  /** The baseline beats always-majority: the labels follow from the text. */
  boolean learnable() {
    return baselineReady() && b.accuracy() > evals.chance() + t.learnableMargin();
  }

  private boolean modelAtChance() {
    return evals.labels >= 2 && e.accuracy() <= evals.chance() + t.chanceMargin();
  }

  private boolean generationReady() {
    return Double.isFinite(b.lossPerByte())
        && b.generationRecords() >= t.baselineMinRecords()
        && Double.isFinite(e.checks().generationLossPerByte());
  }

  /** The model trails the baseline by a clear margin now (label accuracy or loss per byte). */
  private boolean trailsNow() {
    boolean labels = learnable() && e.accuracy() < b.accuracy() - t.baselineMargin();
    boolean generation =
        generationReady()
            && e.checks().generationLossPerByte() > b.lossPerByte() * (1 + t.baselineLossMargin());
    return labels || generation;
  }

  private boolean behindNow() {
    return trailsNow() && !evals.accuracyRising() && !evals.evalLossFalling();
  }

  /**
   * The model trails the baseline and has stopped closing the gap: no trend up in accuracy or down
   * in eval loss, and neither has set a best for {@code plateauEvals} evaluations.
   */
  boolean behind() {
    return held(behindRun) && evals.evaluationsSinceBest() >= t.plateauEvals();
  }

  /** Neither the model nor the baseline beats the majority share. */
  boolean notLearnable() {
    return held(unlearnableRun);
  }

  // ---- truncation ----

  /** Share of training inputs cut (the held-out share until 100 records are trained). */
  double truncatedShare() {
    return stream.inputsTrained() >= 100
        ? (double) stream.inputsTruncated() / stream.inputsTrained()
        : e.truncatedShare();
  }

  /**
   * Most training inputs are cut, over {@code chanceEvals} evaluations: the model never reads the
   * rest, and nothing else would say so (#9: the model saw only the tail of each email). Named
   * whether or not the model trails the baseline; the evidence gives the gap, so a reader sees what
   * the cut costs (on the scorecard's long State of the Union windows with gpt2-8192, head and tail
   * kept the era: level with the baseline).
   */
  boolean inputsTruncated() {
    return held(truncatedRun);
  }

  // ---- the swap test ----

  private boolean tiesNow() {
    return e.checks().swapped() >= 2 && e.checks().tiedShare() > t.tiedShareMax();
  }

  private boolean inputIgnoredNow() {
    EvalChecks c = e.checks();
    if (c.swapped() < 2 || !learnable() || evals.accuracyRising()) {
      return false;
    }
    // A confident constant answer with a label never given is a class ignored, not a shortcut.
    boolean flat = c.swapEffect() < t.inputEffectMin() && ignoredLabelsNow().isEmpty();
    return tiesNow() || flat;
  }

  /** The answers do not depend on the input (a shortcut), though the text has the answer. */
  boolean inputIgnored() {
    return held(inputIgnoredRun);
  }

  // ---- class ignored ----

  private Map<String, Double> ignoredLabelsNow() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (evals.labels < 2 || (baselineReady() && !learnable())) {
      return out; // nothing learnable: the labels, not a class, are the problem
    }
    Map<String, Map<String, Integer>> confusion = e.labels().confusion();
    long total = 0;
    for (Map<String, Integer> row : confusion.values()) {
      total += row.values().stream().mapToInt(Integer::intValue).sum();
    }
    for (Map.Entry<String, Double> r : e.labels().recall().entrySet()) {
      Map<String, Integer> row = confusion.getOrDefault(r.getKey(), Map.of());
      double share =
          total == 0 ? 0 : row.values().stream().mapToInt(Integer::intValue).sum() / (double) total;
      if (share >= t.classIgnoredShare() && r.getValue() <= t.classIgnoredRecall()) {
        out.put(r.getKey(), share);
      }
    }
    return out;
  }

  private void updateIgnoredLabels() {
    // While eval loss falls or accuracy rises, a minority label's recall is still on its way
    // (real text: an era at recall 0 through step 100 of a healthy run, 0.39 at step 125).
    boolean improving = evals.accuracyRising() || evals.evalLossFalling();
    Map<String, Double> now = tiesNow() || improving ? Map.of() : ignoredLabelsNow();
    ignoredRun.keySet().retainAll(now.keySet());
    now.keySet().forEach(l -> ignoredRun.merge(l, 1, Integer::sum));
    ignoredLabel =
        ignoredRun.entrySet().stream()
            .filter(x -> held(x.getValue()))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
  }

  /** A label of at least {@code classIgnoredShare} whose recall stays near 0. */
  boolean classIgnored() {
    return ignoredLabel != null;
  }

  // ---- undertrained ----

  /**
   * The stream is used up (lag 0, idle for a while) while the eval loss was still falling, and the
   * model has not yet caught up with the baseline.
   */
  boolean undertrained() {
    double[] l = evals.evalLoss.tail(t.evalWindow());
    boolean falling =
        l.length >= 3
            && TrendTest.of(l).falling(t.evalZ())
            && l[l.length - 1] < l[0] * (1 - t.undertrainedDrop());
    boolean caughtUp =
        (learnable() && e.accuracy() >= b.accuracy())
            || (generationReady() && e.checks().generationLossPerByte() <= b.lossPerByte());
    return stream.lag() == 0
        && stream.idleSeconds() >= t.undertrainedIdleSeconds()
        && falling
        && !caughtUp;
  }

  // ---- evidence ----

  void putBaseline(Map<String, Double> m) {
    m.put("modelAccuracy", e.accuracy());
    m.put("baselineAccuracy", b.accuracy());
    m.put("majorityShare", evals.chance());
    evals.putLabelScores(m);
    m.put("baselineRecords", (double) b.labelRecords());
    if (Double.isFinite(b.lossPerByte())) {
      m.put("modelLossPerByte", e.checks().generationLossPerByte());
      m.put("baselineLossPerByte", b.lossPerByte());
      m.put("baselineGenerationRecords", (double) b.generationRecords());
    }
  }

  /** Which signals point where, 1 or 0 each, beside their numbers. */
  Map<String, Double> behindEvidence(
      boolean lrFinding, double learningRate, double updateRatioMedian) {
    Map<String, Double> m = new LinkedHashMap<>();
    putBaseline(m);
    m.put("gap", b.accuracy() - e.accuracy());
    m.put("truncatedShare", truncatedShare());
    m.put("pointsToTruncation", flag(truncatedShare() > t.truncatedShare()));
    m.put("passes", (double) stream.pass() + 1);
    m.put("pointsToMorePasses", flag(evals.evalLossFalling() || stream.pass() == 0));
    m.put("learningRate", learningRate);
    m.put("updateRatioMedian", updateRatioMedian);
    m.put("pointsToLearningRate", flag(lrFinding));
    m.put("pointsToClassIgnored", flag(classIgnored()));
    m.put("pointsToInputIgnored", flag(inputIgnored()));
    return m;
  }

  Map<String, Double> notLearnableEvidence() {
    Map<String, Double> m = new LinkedHashMap<>();
    putBaseline(m);
    m.put("chanceAccuracy", evals.chance());
    m.put("learnableMargin", t.learnableMargin());
    return m;
  }

  Map<String, Double> truncatedEvidence() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("truncatedShare", truncatedShare());
    m.put("inputsTrained", (double) stream.inputsTrained());
    m.put("heldOutTruncatedShare", e.truncatedShare());
    m.put("medianInputTokens", e.checks().medianInputTokens());
    m.put("contextLength", (double) e.checks().contextLength());
    putBaseline(m);
    m.put("gap", b.accuracy() - e.accuracy());
    return m;
  }

  Map<String, Double> inputIgnoredEvidence() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("swapEffect", e.checks().swapEffect());
    m.put("tiedShare", e.checks().tiedShare());
    m.put("swappedRecords", (double) e.checks().swapped());
    m.put("inputEffectMin", t.inputEffectMin());
    putBaseline(m);
    return m;
  }

  Map<String, Double> classIgnoredEvidence() {
    Map<String, Double> m = new LinkedHashMap<>();
    String l = ignoredLabel;
    if (l != null) {
      Map<String, Integer> row = e.labels().confusion().getOrDefault(l, Map.of());
      m.put("label." + l + ".share", ignoredLabelsNow().getOrDefault(l, Double.NaN));
      m.put("label." + l + ".recall", e.labels().recall().getOrDefault(l, Double.NaN));
      row.forEach((predicted, n) -> m.put("confusion." + l + "->" + predicted, (double) n));
      m.put("labelsIgnored", (double) ignoredRun.values().stream().filter(this::held).count());
    }
    m.put("evaluations", (double) t.chanceEvals());
    putBaseline(m);
    return m;
  }

  Map<String, Double> undertrainedEvidence() {
    Map<String, Double> m = new LinkedHashMap<>();
    double[] l = evals.evalLoss.tail(t.evalWindow());
    m.put("evalLoss", l.length == 0 ? Double.NaN : l[l.length - 1]);
    m.put("evalLossWindowStart", l.length == 0 ? Double.NaN : l[0]);
    m.put("evalLossTrendZ", TrendTest.of(l).z());
    m.put("lag", (double) stream.lag());
    m.put("idleSeconds", stream.idleSeconds());
    m.put("passes", (double) stream.pass() + 1);
    putBaseline(m);
    return m;
  }

  private static double flag(boolean b) {
    return b ? 1 : 0;
  }
}
