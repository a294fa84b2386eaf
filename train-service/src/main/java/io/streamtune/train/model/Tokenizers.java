package io.streamtune.train.model;

import java.nio.file.Path;
import java.util.Optional;

/** Picks the tokenizer a configuration asks for. */
public final class Tokenizers {

  /** The values {@code train.model.tokenizer} accepts, as said in error messages. */
  public static final String ALLOWED =
      "byte, gpt2 (GPT-2's 50257 ids) or gpt2-N (GPT-2's first N-1 ranks + <|endoftext|>, "
          + (Gpt2Tokenizer.MIN_RANKS + 1)
          + " <= N <= "
          + (Gpt2Tokenizer.FULL_RANKS + 1)
          + ")";

  /**
   * The built-in tokenizer a model trained from scratch gets unless told otherwise: GPT-2's BPE cut
   * to 8,192 ids. Measured against byte and the full gpt2 at equal training time on the State of
   * the Union (TokenizerBenchmark: 2.43 bits per held-out completion byte against 3.69 and 3.40),
   * on the doctor's real-text calibration (it reaches the bag-of-words probe by step 150 where byte
   * trails it by 0.15 at step 400) and on the real-text benchmark (README); about 4 bytes a token,
   * so a context holds ~4x more text, for a 1.05M-parameter embedding at 128 wide.
   */
  public static final String DEFAULT = "gpt2-8192";

  private Tokenizers() {}

  /** The byte-level tokenizer when {@code path} is null or blank, else the tokenizer.json there. */
  public static Tokenizer forPath(String path) {
    return of("byte", path);
  }

  /**
   * The tokenizer.json at {@code path} when it is set (a local file decides over {@code kind}),
   * else the built-in tokenizer {@code kind} names (see {@link #ALLOWED}).
   */
  public static Tokenizer of(String kind, String path) {
    if (path != null && !path.isBlank()) {
      return HfTokenizer.load(Path.of(path.trim()));
    }
    String k = kind == null ? "" : kind.trim();
    if (k.equals("byte")) {
      return new ByteTokenizer();
    }
    int ranks = gpt2Ranks(k).orElseThrow(() -> new IllegalArgumentException(problem(kind)));
    return ranks == Gpt2Tokenizer.FULL_RANKS ? Gpt2Tokenizer.full() : Gpt2Tokenizer.compact(ranks);
  }

  /** Null when {@code kind} is allowed, else why not (naming the allowed values). */
  public static String problem(String kind) {
    String k = kind == null ? "" : kind.trim();
    if (k.equals("byte") || gpt2Ranks(k).isPresent()) {
      return null;
    }
    return "train.model.tokenizer='" + kind + "' must be " + ALLOWED;
  }

  private static Optional<Integer> gpt2Ranks(String kind) {
    if (kind.equals("gpt2")) {
      return Optional.of(Gpt2Tokenizer.FULL_RANKS);
    }
    if (!kind.matches("gpt2-[0-9]{1,6}")) {
      return Optional.empty();
    }
    int ranks = Integer.parseInt(kind.substring(5)) - 1;
    return ranks >= Gpt2Tokenizer.MIN_RANKS && ranks <= Gpt2Tokenizer.FULL_RANKS
        ? Optional.of(ranks)
        : Optional.empty();
  }
}
