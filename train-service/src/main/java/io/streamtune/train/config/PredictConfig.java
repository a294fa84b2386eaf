package io.streamtune.train.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bounds of {@code POST /train/predict} and {@code /train/score}: the work one request may ask for,
 * and how many may wait. The body itself is bounded before it is read by {@code
 * quarkus.http.limits.max-body-size} (2M in application.properties). Checked at start-up by {@code
 * rest.InferenceQueue}.
 */
@ConfigMapping(prefix = "train.predict")
public interface PredictConfig {

  /** Inputs per request: a client's batch (the benchmarks send 256), one request stays short. */
  @WithDefault("256")
  int maxInputs();

  /**
   * Characters per text or prompt: far beyond any context the model keeps (longer inputs are cut to
   * the context anyway), small enough that tokenizing a full request stays cheap.
   */
  @WithDefault("16384")
  int maxChars();

  /**
   * Label work per request: the sum over texts of min(UTF-8 bytes, context) × allowed labels, an
   * upper bound of the token positions scored. 2^20 admits 256 texts × 1,024 positions × 4 labels
   * (GPT-2's context), and refuses a request that would keep the model busy for minutes.
   */
  @WithDefault("1048576")
  long maxPositions();

  /**
   * Tokens generated per request: prompts × train.outputs.max-new-tokens. 2048 = 64 prompts at the
   * default 32; each new token is one more forward pass, the most expensive thing to ask for.
   */
  @WithDefault("2048")
  long maxNewTokens();

  /**
   * Requests waiting while one runs; more are answered 429 with Retry-After. Four keep a client's
   * pipelined batches flowing without letting a crowd pile up behind a long request.
   */
  @WithDefault("4")
  int queue();

  /**
   * The share of wall time requests may take while the model is training: after a request that
   * computed t seconds the next one starts t × (1 - share) / share later. 0.2 keeps training at
   * about 0.8x its steps/s or better under a flood of requests (PredictAbuseBenchmark); 1 = no
   * pause.
   */
  @WithDefault("0.2")
  double share();

  /**
   * How long a refused request (400, 413, 429) waits before its answer, on its own HTTP worker
   * thread (no CPU): a client that re-sends at once in a loop then costs the trainer almost
   * nothing, while one that corrects its request or honours Retry-After loses a second at most.
   */
  @WithDefault("1000")
  long refusalDelayMillis();
}
