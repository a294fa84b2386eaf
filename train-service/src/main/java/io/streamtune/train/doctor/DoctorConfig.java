package io.streamtune.train.doctor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The learning doctor's settings: what it watches ({@link Detect}), what it may do ({@link Act})
 * and where it reads the ingest service's data-quality numbers ({@link Quality}). Checked at
 * start-up by {@link DoctorSettingsCheck}.
 */
@ConfigMapping(prefix = "train.doctor")
public interface DoctorConfig {

  /** On by default: it costs microseconds per step and says nothing about a healthy run. */
  @WithDefault("true")
  boolean enabled();

  /** Raised and cleared findings kept for GET /train/diagnosis: a screenful of history. */
  @WithDefault("50")
  int history();

  Detect detect();

  Act act();

  Quality quality();

  /** Detector parameters; losses in nats per token, log-space values in natural log. */
  interface Detect {
    /** Steps after start or a rollback before step findings may fire: detectors need a baseline. */
    @WithDefault("20")
    int minSteps();

    /** Train-loss window of the trend and noise tests: long enough for a stable Mann–Kendall. */
    @WithDefault("100")
    int windowSteps();

    /** How often the windowed tests run (they are O(window²)). */
    @WithDefault("10")
    int checkEverySteps();

    /** A step finding clears after this many steps without its condition (hysteresis). */
    @WithDefault("50")
    int clearSteps();

    /** Page-Hinkley noise allowance on log loss: a 10% rise per step is not counted. */
    @WithDefault("0.1")
    double spikeDelta();

    /** Page-Hinkley threshold on log loss: e.g. a ×4.5 loss held for 2-3 steps. */
    @WithDefault("3.0")
    double spikeLambda();

    /**
     * Losses below this (nats per token) count as this in the spike test. Page-Hinkley reads the
     * log loss, where a fitted model's noise is huge: at 0.02-0.07 nats (a learned shortcut or
     * majority, measured on the scorecard's label_leak and imbalance_95_5 runs) a rise to 0.2 is
     * ×10, three times the threshold, yet p(true label) moved from 0.98 to 0.82. Divergence climbs
     * to nats (lr_x100: 0.7 → 3-8), far above the floor, so it still alarms within 2-3 steps.
     */
    @WithDefault("0.2")
    double spikeLossFloor();

    /** Weight of the newest log loss in the reference mean: ~20-step memory. */
    @WithDefault("0.05")
    double spikeAlpha();

    /** Steps over which non-finite (skipped) steps are counted. */
    @WithDefault("50")
    int nonFiniteWindow();

    /** Non-finite steps within the window that mean divergence, not one unlucky batch. */
    @WithDefault("3")
    int nonFiniteMax();

    /**
     * Median update/weight ratio (20 steps) above which updates are far above the usual range:
     * ~1e-3 is the textbook norm; at lr 3e-3 (3x the default) the tiny model's early updates peak
     * near 0.025 on the byte tokenizer and 0.051 on gpt2-8192 (its 8192-row embedding starts from
     * the same 0.02 init), twice that is the limit. lr x 100 gives ratios of 1 and more.
     */
    @WithDefault("0.1")
    double updateRatioHigh();

    /**
     * Median update/weight ratio below which the weights barely move: the topic task's healthy runs
     * sit at 5e-3..2e-2, the same run at lr/1000 at ~4e-5.
     */
    @WithDefault("1e-4")
    double updateRatioLow();

    /** Mann–Kendall |z| for a train-loss trend: 1.96 = the 5% two-sided level. */
    @WithDefault("1.96")
    double trendZ();

    /** A window whose trend line drops less than 5% of the loss level counts as flat. */
    @WithDefault("0.05")
    double flatDrop();

    /**
     * Residual scatter / loss level above which a curve is noisy: the topic task measures 0.2-0.33
     * at batch 4-16 and 0.44-0.53 at batch 1 (where it learns nothing in 400 steps).
     */
    @WithDefault("0.4")
    double noiseRelative();

    /** Below this loss level noise says nothing (converged curves jitter near zero). */
    @WithDefault("0.05")
    double noiseMinLevel();

    /** Evaluations in the eval-side trend tests: six points give a usable Mann–Kendall. */
    @WithDefault("6")
    int evalWindow();

    /** Mann–Kendall z for eval-side trends: 1.64 = the 5% one-sided level. */
    @WithDefault("1.64")
    double evalZ();

    /** Eval loss must exceed its best by this fraction before overfitting is called. */
    @WithDefault("0.05")
    double evalMinRise();

    /** An eval finding clears after this many evaluations without its condition. */
    @WithDefault("2")
    int clearEvals();

    /** Train loss below this fraction of eval loss (eval not improving) is memorizing. */
    @WithDefault("0.25")
    double memorizeRatio();

    /**
     * Steps before eval findings about what the model learned (at chance, a class ignored, behind
     * the baseline, input ignored) may be called. 300 outlasted a bounded stream of a few thousand
     * records (#13); healthy runs pass majority + 0.1 well before 100: real text (State of the
     * Union eras, gpt2-8192, batch 16) by step 75, the topic task by step 50.
     */
    @WithDefault("100")
    int chanceMinSteps();

    /** Consecutive evaluations at chance accuracy that mean nothing learnable arrives. */
    @WithDefault("3")
    int chanceEvals();

    /** Accuracy up to chance + this margin counts as chance. */
    @WithDefault("0.1")
    double chanceMargin();

    /** Ingest duplicate rate above which the data repeats itself too much. */
    @WithDefault("0.3")
    double duplicateRate();

    /** Ingest label-conflict rate above which the accuracy ceiling (1 − rate) bites. */
    @WithDefault("0.05")
    double conflictRate();

    /** Most common over rarest label count above which a class is neglected. */
    @WithDefault("10.0")
    double imbalanceRatio();

    /** Ingest records needed before its rates mean anything. */
    @WithDefault("200")
    long qualityMinRecords();

    /** Rewards needed before their spread is judged. */
    @WithDefault("32")
    int rewardMin();

    /** Reward standard deviation below which every reward is the same (dead). */
    @WithDefault("1e-6")
    double rewardDeadSpread();

    /** Reward standard deviation above which a dead reward has recovered (hysteresis). */
    @WithDefault("1e-3")
    double rewardRecoverSpread();

    /** Evaluations (with rewards) in the reward-vs-accuracy correlation. */
    @WithDefault("8")
    int rewardCorrEvals();

    /** |Spearman ρ| below which reward and a trending accuracy are uncorrelated. */
    @WithDefault("0.2")
    double rewardCorrMax();

    /** A label this share of the held-out set or more is not a rarity the model may skip (#13). */
    @WithDefault("0.05")
    double classIgnoredShare();

    /** Held-out recall at or below this is "near 0": at most one of the label's records in 20. */
    @WithDefault("0.05")
    double classIgnoredRecall();

    /**
     * Training records the probe must have learned before its accuracy is a yardstick: its accuracy
     * on the topic task and on real text (State of the Union) stops rising well before.
     */
    @WithDefault("200")
    long baselineMinRecords();

    /** The model trails the baseline when its accuracy is lower by more than this. */
    @WithDefault("0.1")
    double baselineMargin();

    /**
     * Evaluations without a new best held-out accuracy or eval loss before a model that trails the
     * baseline counts as stuck rather than slow. The 6-point trend test alone cannot see a slow
     * rise under evaluation noise (on 200 held-out State of the Union windows, accuracy moved by up
     * to 0.27 between evaluations 25 steps apart), while a model that still learns keeps setting
     * bests. 4 evaluations are 200 steps at the default cadence.
     */
    @WithDefault("4")
    int plateauEvals();

    /**
     * The baseline is "at the majority share" within this: on shuffled labels it lands within ±0.05
     * of the majority share of a 64-record held-out set (its standard error is ~0.055).
     */
    @WithDefault("0.05")
    double learnableMargin();

    /**
     * Generation: the model trails when its loss per byte exceeds the n-gram's by this fraction.
     */
    @WithDefault("0.1")
    double baselineLossMargin();

    /** "Most" training inputs cut: more than half. */
    @WithDefault("0.5")
    double truncatedShare();

    /**
     * Mean change of the true label's probability under swapped inputs below which the answers do
     * not depend on the input: a model that reads the text moves it by 0.2 or more, one that
     * answers a constant by ~0.
     */
    @WithDefault("0.02")
    double inputEffectMin();

    /**
     * Share of held-out records with every label scoring alike above which the model ignores them.
     */
    @WithDefault("0.5")
    double tiedShareMax();

    /**
     * Seconds of a used-up stream (lag 0, no batch) before undertrained may be called: well past
     * the prefetcher's wait, so a pause between two producer bursts does not count.
     */
    @WithDefault("30")
    int undertrainedIdleSeconds();

    /** Eval loss fell by at least this fraction over the last evaluations: still learning. */
    @WithDefault("0.03")
    double undertrainedDrop();

    /**
     * The consumer lag rising by this many batches in one step is a backlog arriving: its loss jump
     * is new data, not divergence (seen at a partition's backlog on the real email stream, #13).
     */
    @WithDefault("10")
    int backlogBatches();
  }

  /** What the doctor may do. Each action is a train.events event with its reason. */
  interface Act {
    /** Divergence: restore the newest checkpoint from before it; safe, so on by default. */
    @WithDefault("true")
    boolean rollbackOnDivergence();

    /** Divergence: multiply the learning rate by this (0 < f < 1); 1 turns the cut off. */
    @WithDefault("0.1")
    double lrCutFactor();

    /** Overfitting: keep the newest checkpoint as the best one beyond keep-last-K. */
    @WithDefault("true")
    boolean markBestOnOverfitting();

    /** Overfitting: stop training (early stop). Off: online data may still bring new examples. */
    @WithDefault("false")
    boolean stopOnOverfitting();

    /** Dead reward: λ to 0 until the spread recovers, then back; a dead reward is pure noise. */
    @WithDefault("true")
    boolean dropLambdaOnDeadReward();
  }

  /** The ingest service's GET /quality. */
  interface Quality {
    /** Data findings need it; off when no ingest service runs beside the trainer. */
    @WithDefault("true")
    boolean enabled();

    /** The ingest service's default port on the same host. */
    @WithDefault("http://localhost:8081/quality")
    String url();

    /** Quality numbers move slowly: every 10 s is plenty. */
    @WithDefault("PT10S")
    Duration interval();

    /** A slow ingest service must not hold the doctor's poller for long. */
    @WithDefault("PT2S")
    Duration timeout();
  }

  /** The actions as plain values. */
  default ActSettings actions() {
    Act a = act();
    return new ActSettings(
        a.rollbackOnDivergence(),
        a.lrCutFactor(),
        a.markBestOnOverfitting(),
        a.stopOnOverfitting(),
        a.dropLambdaOnDeadReward());
  }

  /** The detector parameters as the pure {@link Diagnoser} takes them (one per Detect property). */
  default Thresholds thresholds() {
    Detect d = detect();
    return Thresholds.of(
        name -> {
          try {
            return Detect.class.getMethod(name).invoke(d);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("train.doctor.detect has no property for " + name, e);
          }
        });
  }
}
