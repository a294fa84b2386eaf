package io.streamtune.reward.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the reward service can be told, under prefix {@code reward}. Invalid values fail at
 * start-up with a message naming the property ({@link io.streamtune.reward.scoring.ScorerFactory}).
 *
 * <p>Properties that are {@code Optional} have no sensible default: unset means "this check is off"
 * (no regex, no schema, no keywords, no reward model).
 */
@ConfigMapping(prefix = "reward")
public interface RewardConfig {

  /**
   * The scorers that score every output, by name: label_match, format, length, keywords,
   * reward_model. Default: the ones that need no further setting; reward_model only runs when
   * reward.reward-model.path is set.
   */
  @WithDefault("label_match,length,reward_model")
  List<String> scorers();

  /**
   * Longest completion (in UTF-16 chars) that is scored; longer outputs are rejected as
   * output_too_large, so one pathological output cannot stall a partition.
   */
  @WithDefault("65536")
  int maxCompletionChars();

  LabelMatch labelMatch();

  Format format();

  Length length();

  Keywords keywords();

  RewardModel rewardModel();

  Metrics metrics();

  /** Completion equals the reference after normalization. */
  interface LabelMatch {
    /** Equal weights by default: no scorer is preferred until the operator says so. */
    @WithDefault("1.0")
    double weight();
  }

  /** Completion matches a regex and/or is JSON valid against a JSON schema. */
  interface Format {
    /** Equal weights by default: no scorer is preferred until the operator says so. */
    @WithDefault("1.0")
    double weight();

    /** A java.util.regex pattern the whole completion should match; unset: no regex check. */
    Optional<String> regex();

    /**
     * A JSON schema (inline JSON starting with '{', or a path to a file holding one) the completion
     * should satisfy; unset: no schema check.
     */
    Optional<String> jsonSchema();

    /** Deepest JSON nesting accepted in a completion: real tool calls are shallow. */
    @WithDefault("64")
    int maxJsonDepth();
  }

  /** A target length range; scores fall off smoothly outside it. */
  interface Length {
    /** Equal weights by default: no scorer is preferred until the operator says so. */
    @WithDefault("1.0")
    double weight();

    /** chars (Unicode code points) or tokens (whitespace-separated words). */
    @WithDefault("chars")
    LengthUnit unit();

    /** Shortest length that scores 1.0: an empty completion is never right. */
    @WithDefault("1")
    int min();

    /** Longest length that scores 1.0: labels and short answers fit in 64 chars. */
    @WithDefault("64")
    int max();

    /**
     * How far outside the range the score falls to exp(-1/2) = 0.61 (Gaussian fall-off): a quarter
     * of the default max, so near misses keep most of their score.
     */
    @WithDefault("16")
    double tolerance();
  }

  /** Required and banned words or phrases (whole words, case-insensitive). */
  interface Keywords {
    /** Equal weights by default: no scorer is preferred until the operator says so. */
    @WithDefault("1.0")
    double weight();

    /** Words or phrases that should appear; unset: none required. */
    Optional<List<String>> required();

    /** Words or phrases that must not appear (any one scores 0); unset: none banned. */
    Optional<List<String>> banned();
  }

  /** The learned classifier (train it with the train-reward-model command). */
  interface RewardModel {
    /** Equal weights by default: no scorer is preferred until the operator says so. */
    @WithDefault("1.0")
    double weight();

    /** The model folder written by train-reward-model; unset: the scorer is disabled. */
    Optional<Path> path();
  }

  /** How the score gauges summarize. */
  interface Metrics {
    /** Scores per scorer in the mean/stddev gauges' window: enough for a stable mean. */
    @WithDefault("1000")
    int window();
  }

  /** How the length scorer counts. */
  enum LengthUnit {
    CHARS,
    TOKENS
  }
}
