package io.streamtune.train.model;

/**
 * Text ↔ token ids for the language model. Implementations are thread-safe and never add special
 * tokens on their own: the trainer places {@link #bos()} and {@link #eos()} explicitly.
 */
public interface Tokenizer extends AutoCloseable {

  /** The ids of {@code text}, without special tokens. Never fails on any Java string. */
  int[] encode(String text);

  /**
   * How many characters of {@code text} (code points, whitespace not counted) {@link #encode}
   * cannot represent: it drops them or maps them to an unknown token. 0 for tokenizers that encode
   * every string (byte-level ones).
   */
  default int uncovered(String text) {
    return 0;
  }

  /** The text of {@code ids}; special ids are dropped, ids outside the vocabulary are ignored. */
  String decode(int[] ids);

  /** Number of ids the model's embedding must hold (every id is below this). */
  int vocabSize();

  /** Id placed before the prompt. */
  int bos();

  /** Id that ends a completion; generation stops on it. */
  int eos();

  /** Id used to pad a batch (never trained on). */
  int pad();

  /**
   * Which vocabulary this is, stable across runs and machines (e.g. "byte", "gpt2"): checkpoints
   * record it, and a model trained with one cannot resume with another.
   */
  default String name() {
    return describe();
  }

  /** A short description for logs and status, e.g. "byte-level (260 ids)". */
  String describe();

  @Override
  default void close() {}
}
