package io.streamtune.train.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.streamtune.train.model.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Prompt/completion pairs as next-token-prediction rows: row b is {@code [BOS] prompt completion
 * [EOS]} shifted by one, right-padded to the longest row. Only positions that predict a completion
 * token or the EOS carry loss ({@code mask = 1}); the causal mask makes right padding harmless.
 *
 * <p>A pair longer than the context keeps its completion (cut only when it alone does not fit) and
 * drops the beginning of the prompt.
 */
final class SequenceBatch {

  /** One encoded pair: the full token sequence and the index of its first scored token. */
  record Encoded(int[] ids, int lossFrom) {
    int inputLength() {
      return ids.length - 1;
    }

    int scoredTokens() {
      return ids.length - lossFrom;
    }
  }

  final int rows;
  final int length;
  final long[] inputs;
  final long[] targets;
  final float[] mask;
  final int scoredTokens;
  final int inputTokens;

  private SequenceBatch(List<Encoded> encoded, int pad) {
    this.rows = encoded.size();
    this.length = encoded.stream().mapToInt(Encoded::inputLength).max().orElse(1);
    this.inputs = new long[rows * length];
    this.targets = new long[rows * length];
    this.mask = new float[rows * length];
    Arrays.fill(inputs, pad);
    int scored = 0;
    int tokens = 0;
    for (int b = 0; b < rows; b++) {
      Encoded e = encoded.get(b);
      int n = e.inputLength();
      tokens += n;
      for (int t = 0; t < n; t++) {
        inputs[b * length + t] = e.ids()[t];
        targets[b * length + t] = e.ids()[t + 1];
        if (t + 1 >= e.lossFrom()) {
          mask[b * length + t] = 1f;
          scored++;
        }
      }
    }
    this.scoredTokens = scored;
    this.inputTokens = tokens;
  }

  static SequenceBatch of(List<Encoded> encoded, int pad) {
    return new SequenceBatch(encoded, pad);
  }

  /** Encodes one pair for a model with {@code context} positions. */
  static Encoded encode(Tokenizer tokenizer, String prompt, String completion, int context) {
    int[] p = tokenizer.encode(prompt == null ? "" : prompt);
    int[] c = tokenizer.encode(completion == null ? "" : completion);
    if (c.length > context - 1) {
      c = Arrays.copyOf(c, context - 1);
    }
    int room = context - c.length;
    int[] head = new int[p.length + 1];
    head[0] = tokenizer.bos();
    System.arraycopy(p, 0, head, 1, p.length);
    if (head.length > room) {
      head = Arrays.copyOfRange(head, head.length - room, head.length);
    }
    int[] ids = new int[head.length + c.length + 1];
    System.arraycopy(head, 0, ids, 0, head.length);
    System.arraycopy(c, 0, ids, head.length, c.length);
    ids[ids.length - 1] = tokenizer.eos();
    return new Encoded(ids, head.length);
  }

  NDArray inputs(NDManager manager) {
    return manager.create(inputs, new Shape(rows, length));
  }

  NDArray targets(NDManager manager) {
    return manager.create(targets, new Shape(rows, length));
  }

  NDArray mask(NDManager manager) {
    return manager.create(mask, new Shape(rows, length));
  }
}
