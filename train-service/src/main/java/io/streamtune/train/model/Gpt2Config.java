package io.streamtune.train.model;

/**
 * The shape of a GPT-2 model, with GPT-2's own field names in the comments so a Hugging Face {@code
 * config.json} maps onto it one to one.
 *
 * @param vocabSize vocab_size
 * @param contextLength n_positions: the longest sequence the position embedding covers
 * @param embedding n_embd
 * @param heads n_head (must divide embedding)
 * @param layers n_layer
 * @param dropout resid_pdrop = embd_pdrop = attn_pdrop (one rate, as GPT-2 ships)
 * @param layerNormEpsilon layer_norm_epsilon (1e-5 in GPT-2)
 */
public record Gpt2Config(
    int vocabSize,
    int contextLength,
    int embedding,
    int heads,
    int layers,
    double dropout,
    double layerNormEpsilon) {

  public Gpt2Config {
    require(vocabSize > 0, "vocabSize must be > 0");
    require(contextLength > 1, "contextLength must be > 1");
    require(embedding > 0 && heads > 0, "embedding and heads must be > 0");
    require(
        embedding % heads == 0,
        "embedding (" + embedding + ") must divide by heads (" + heads + ")");
    require(layers > 0, "layers must be > 0");
    require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)");
  }

  /** Parameters of the base model (LM head tied to the token embedding, so counted once). */
  public long parameterCount() {
    long c = embedding;
    long perLayer =
        2 * 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + (c * 4 * c + 4 * c) + (4 * c * c + c);
    return (long) vocabSize * c + (long) contextLength * c + layers * perLayer + 2 * c;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
