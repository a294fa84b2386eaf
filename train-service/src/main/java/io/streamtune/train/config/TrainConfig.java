package io.streamtune.train.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.streamtune.train.model.Tokenizers;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the train service, grouped by concern. Each default carries its reason; {@link
 * ConfigCheck} rejects invalid values at start-up, naming the property.
 */
@ConfigMapping(prefix = "train")
public interface TrainConfig {

  Model model();

  Lora lora();

  Optimizer optimizer();

  Data data();

  Eval eval();

  Checkpoint checkpoint();

  Outputs outputs();

  Rewards rewards();

  History history();

  /** The model: GPT-2 architecture, sized to learn visibly on two CPU cores within minutes. */
  interface Model {
    /** The built-in model's name; a pretrained run left at it is named for its folder instead. */
    String DEFAULT_NAME = "streamtune-tiny";

    /**
     * Names the model in status, metrics, train.events and its checkpoint folder; one trainer owns
     * one model. Left at the default with train.model.path set, the folder's name is used.
     */
    @WithDefault(DEFAULT_NAME)
    String name();

    /** Two layers learn the 4-topic task within a few hundred steps on CPU. */
    @WithDefault("2")
    int layers();

    /** Four heads of 32 dims each: the GPT-2 head size ratio at toy scale. */
    @WithDefault("4")
    int heads();

    /** 128-dim embeddings: ~1.46M parameters with gpt2-8192 (1.05M of them the embedding). */
    @WithDefault("128")
    int embedding();

    /**
     * 128 tokens (~540 bytes of English with gpt2-8192, 128 with byte); see train.data.truncation.
     */
    @WithDefault("128")
    int contextLength();

    /** No dropout by default: online data rarely repeats, so overfitting is slow to come. */
    @WithDefault("0.0")
    double dropout();

    /**
     * A local Hugging Face GPT-2-family folder (config.json, model.safetensors, tokenizer.json) to
     * fine-tune; absent = the built-in model sized above, trained from scratch. When set, the
     * folder decides the architecture and the tokenizer, and the sizes above are ignored.
     */
    Optional<String> path();

    /**
     * The built-in tokenizer for a model trained from scratch: byte, gpt2 (GPT-2's 50257 ids) or
     * gpt2-N (GPT-2's first N-1 ranks + end-of-text); the default is measured (Tokenizers.DEFAULT).
     */
    @WithDefault(Tokenizers.DEFAULT)
    String tokenizer();

    /** A local Hugging Face tokenizer.json; when set it replaces train.model.tokenizer. */
    Optional<String> tokenizerPath();

    /** The allowed labels of label tasks; absent = the labels seen on the stream. */
    Optional<List<String>> labels();

    /** auto = the GPU when DJL sees one, else the CPU. */
    @WithDefault("auto")
    String device();

    /** Seeds the weights and the output sampling, so runs are reproducible. */
    @WithDefault("42")
    long seed();
  }

  /** LoRA adapters: off by default because the tiny default model trains fully in seconds. */
  interface Lora {
    /** Full fine-tuning by default; turn on for large pretrained bases. */
    @WithDefault("false")
    boolean enabled();

    /** Rank 8 is the common starting point in the LoRA paper's experiments. */
    @WithDefault("8")
    int rank();

    /** alpha = 2 x rank keeps the adapter's scale near 2, a widely used default. */
    @WithDefault("16")
    double alpha();

    /** Light adapter dropout regularizes without slowing learning much. */
    @WithDefault("0.05")
    double dropout();

    /** Attention q/v adapters are the LoRA paper's cheapest effective choice. */
    @WithDefault("q,v")
    Set<String> targets();
  }

  /** AdamW, schedule and the step's shape. */
  interface Optimizer {
    /** 1e-3 suits a tiny model trained from scratch; use ~1e-4 for pretrained bases. */
    @WithDefault("0.001")
    double learningRate();

    /** Decoupled decay keeps weights small without fighting the adaptive step. */
    @WithDefault("0.01")
    double weightDecay();

    /** GPT-2 style Adam betas. */
    @WithDefault("0.9")
    double beta1();

    /** 0.95 (not 0.999) reacts faster to a drifting stream. */
    @WithDefault("0.95")
    double beta2();

    /** Adam's usual epsilon. */
    @WithDefault("1e-8")
    double epsilon();

    /** A short warm-up avoids large early updates from noisy Adam moments. */
    @WithDefault("20")
    int warmupSteps();

    /** constant suits an endless stream; cosine suits a bounded run of known length. */
    @WithDefault("constant")
    String schedule();

    /** The cosine schedule's length (ignored by constant). */
    @WithDefault("10000")
    long totalSteps();

    /** Cosine decays to 10% of the base learning rate, not to zero. */
    @WithDefault("0.1")
    double minLearningRateRatio();

    /** Global-norm clipping at 1.0 stops a bad batch from wrecking the weights. */
    @WithDefault("1.0")
    double clipNorm();

    /** One optimizer step per batch; raise it to emulate larger batches on small memory. */
    @WithDefault("1")
    int gradAccumulation();

    /**
     * Evaluation, prediction and export read an exponential moving average of the weights with this
     * decay (warmed up as {@code min(decay, (1 + t) / (10 + t))}); 0 reads the raw weights. Off by
     * default: a live stream drifts, and the average lags the weights by about 1 / (1 − decay)
     * steps. For a bounded file 0.999 learns faster early and swings less (README).
     */
    @WithDefault("0")
    double emaDecay();

    /** 32 records per step: enough signal per step, small enough for freshness. */
    @WithDefault("32")
    int batchSize();
  }

  /** How records.clean becomes mini-batches. */
  interface Data {
    /** A partly filled batch is trained after this wait, so low traffic never stalls learning. */
    @WithDefault("500")
    long maxWaitMs();

    /** Batches assembled ahead: enough that the trainer never waits, few enough to stay fresh. */
    @WithDefault("4")
    int prefetchBatches();

    /** How long one poll blocks when the topic is idle. */
    @WithDefault("100")
    long pollMs();

    /** Where to start on a partition no checkpoint names: earliest trains on the backlog too. */
    @WithDefault("earliest")
    String startFrom();

    /**
     * Passes over a bounded topic: each time every partition is read to its end, replay from the
     * start offsets, until this many passes are done. Keep 1 for a live stream.
     */
    @WithDefault("1")
    int passes();

    /**
     * Which part of a label text longer than its prompt budget is kept: head, tail or head+tail.
     * head+tail (a quarter head, the rest tail) keeps a message's subject and its end, where long
     * texts put what they are about and what they conclude.
     */
    @WithDefault("head+tail")
    String truncation();

    /**
     * Positions reserved for a label and its EOS, fixed for the run so that where a label starts
     * never depends on the label (a label leaking through its position is learned instead of the
     * text). 0 = the longest configured label + 1, or 16 tokens when labels come from the stream.
     */
    @WithDefault("0")
    int labelReserve();

    /** Positions a generation prompt leaves to its completion; 0 = half the context. */
    @WithDefault("0")
    int completionReserve();

    /**
     * Class-balanced loss weights for label tasks (N / (K · n_label), clipped to [1/20, 20]), so a
     * skewed stream cannot be fitted by always answering the majority label.
     */
    @WithDefault("false")
    boolean classWeights();

    /**
     * Weight of an auxiliary next-token loss on the prompt's own tokens, beside the completion's
     * (OpenAI's prompt_loss_weight): 0 trains on completions only. A label carries one or two
     * tokens of signal per record, so a model trained from scratch on a bounded file memorizes its
     * labels long before it has learned to read; predicting the text it reads as well teaches it
     * the language of the stream. The reported train loss stays the completion's alone. Off by
     * default: on the real-text label benchmark (README) β = 1 learned no better than without.
     */
    @WithDefault("0.0")
    double promptLossWeight();

    /**
     * Prompt positions per row that carry the auxiliary loss, spread over the prompt and moved
     * every step: 32 cost about a tenth of the steps at context 256 with gpt2-8192 (measured),
     * where all 256 would compute the 8192-wide LM head at every position.
     */
    @WithDefault("32")
    int promptLossPositions();

    /**
     * A record with characters the tokenizer cannot encode (a pretrained tokenizer.json with a
     * small vocabulary): unknown keeps it, those characters becoming the unknown token (or dropped
     * when the tokenizer has none), reject leaves it out of its batch. Both count them. unknown by
     * default: a stray symbol should not cost the rest of the record.
     */
    @WithDefault("unknown")
    String uncovered();
  }

  /** Held-out evaluation on records.eval. */
  interface Eval {
    /** Evaluate every 50 steps: frequent enough to see learning, cheap enough to not slow it. */
    @WithDefault("50")
    int everySteps();

    /** At most this many held-out records are kept (newest win) and evaluated. */
    @WithDefault("256")
    int maxExamples();
  }

  /** Crash-safe checkpoints: weights + offsets, written atomically. */
  interface Checkpoint {
    /** Checkpoints live under this folder, in a sub-folder named after the model. */
    @WithDefault(".streamtune/checkpoints")
    String dir();

    /** Every 200 steps bounds what a crash can cost to a few seconds of training. */
    @WithDefault("200")
    int everySteps();

    /** Keep the last 3: a corrupt newest one still leaves valid ones to resume from. */
    @WithDefault("3")
    int keep();
  }

  /** Sampled model outputs published to model.outputs for the reward service. */
  interface Outputs {
    /** Sample outputs after every N steps. */
    @WithDefault("1")
    int everySteps();

    /** The fraction of a sampled batch's records whose completion is generated and published. */
    @WithDefault("0.05")
    double fraction();

    /** Generation length for generation tasks. */
    @WithDefault("32")
    int maxNewTokens();

    /** Sampling temperature for generation tasks. */
    @WithDefault("0.8")
    double temperature();

    /** Top-k sampling for generation tasks. */
    @WithDefault("40")
    int topK();

    /**
     * Temperature of the label a label task's output answers, sampled from the model's label
     * distribution: 1 samples the policy itself, so the reward term is an unbiased policy gradient
     * (an argmax answer could only confirm what the model already prefers).
     */
    @WithDefault("1.0")
    double labelTemperature();

    /** Published outputs kept for joining rewards; older ones are forgotten first. */
    @WithDefault("10000")
    int bufferSize();
  }

  /** The hybrid loss: task loss + lambda x reward loss. */
  interface Rewards {
    /** 0 = pure task loss; rewards are still joined and counted. */
    @WithDefault("0.0")
    double lambda();

    /** The REINFORCE baseline's running-mean momentum. */
    @WithDefault("0.9")
    double baselineMomentum();

    /** A reward for an output older than this many steps is stale: dropped and counted. */
    @WithDefault("200")
    long maxAgeSteps();

    /**
     * PPO-style clip of the importance ratio π_now / π_sampled: a reward whose output the policy
     * has since moved away from (ratio outside 1 ± this, in the direction the reward pushes) adds
     * no gradient, so old samples cannot push the policy further than one trust region. 0.2 is
     * PPO's.
     */
    @WithDefault("0.2")
    double clipRatio();

    /** Health reports degraded when outputs are published but no reward came for this long. */
    @WithDefault("60")
    long degradedAfterSeconds();

    /** At most this many rewarded samples enter one step, so a backlog cannot stall training. */
    @WithDefault("32")
    int maxPerStep();
  }

  /** What GET /train/history keeps, so a live page opened late still draws the run from step 0. */
  interface History {
    /**
     * Points per series (steps, evaluations); when full, every other point is dropped. 1,000 steps
     * of ~8 numbers is ~100 KB of JSON: one page load, and finer than a chart is wide.
     */
    @WithDefault("1000")
    int points();
  }
}
