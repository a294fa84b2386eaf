package io.streamtune.train.training;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.Tokenizer;
import java.util.Arrays;

/**
 * Turns a record into model rows {@code [BOS] prompt completion [EOS]} with a prompt budget that
 * never depends on the completion. Training, evaluation, prediction and the reward term all encode
 * through here, so what the model reads is the same everywhere.
 *
 * <p>Why a fixed budget: if the prompt kept {@code context − completion tokens}, a completion would
 * always end at the last position and start at a position given by its own length, and a model can
 * learn "position → label" without reading the text (issue 12: train loss 0.0003, p = 0.5 / 0.5 for
 * every long input). Here a label prompt keeps at most {@code context + 1 − labelReserve} tokens
 * (BOS, text, separator) and a generation prompt at most {@code context + 1 − completionReserve},
 * so where a completion starts depends on the prompt alone.
 *
 * <p>Label texts longer than their budget are cut by {@link Truncation} (the separator always
 * survives); generation prompts keep their tail, which is what the completion continues. A
 * completion that does not fit the room left after its prompt is cut and gets no EOS: the model is
 * not taught to stop where the text did not.
 */
public final class PromptEncoder {

  /** Which part of an over-long label text is kept. */
  public enum Truncation {
    HEAD,
    TAIL,
    HEAD_TAIL;

    /** Parses {@code head}, {@code tail} or {@code head+tail}. */
    public static Truncation parse(String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "head" -> HEAD;
        case "tail" -> TAIL;
        case "head+tail", "head_tail" -> HEAD_TAIL;
        default ->
            throw new IllegalArgumentException(
                "truncation must be head, tail or head+tail, was '" + value + "'");
      };
    }
  }

  /**
   * head+tail keeps the first quarter of the budget and the last three quarters: the best split Sun
   * et al. (2019, "How to Fine-Tune BERT for Text Classification") found on long reviews, where the
   * opening states the topic and the end the verdict.
   */
  static final double HEAD_SHARE = 0.25;

  /** The prompt part of a row: BOS first; {@code truncated} when input tokens were dropped. */
  public record Prompt(int[] ids, boolean truncated, int inputTokens) {}

  /** One encoded row: the full token sequence and the index of its first scored token. */
  public record Encoded(int[] ids, int lossFrom, boolean truncated, int inputTokens) {
    int inputLength() {
      return ids.length - 1;
    }

    int scoredTokens() {
      return ids.length - lossFrom;
    }
  }

  private final Tokenizer tokenizer;
  private final int context;
  private final int labelReserve;
  private final int completionReserve;
  private final Truncation truncation;
  private final int[] separator;

  /**
   * @param labelReserve positions kept free for a label and its EOS (every label shorter fits)
   * @param completionReserve positions a generation prompt leaves to its completion (with EOS)
   */
  public PromptEncoder(
      Tokenizer tokenizer,
      int context,
      int labelReserve,
      int completionReserve,
      Truncation truncation) {
    this.tokenizer = tokenizer;
    this.context = context;
    this.labelReserve = labelReserve;
    this.completionReserve = completionReserve;
    this.truncation = truncation;
    this.separator = tokenizer.encode(OnlineTrainer.LABEL_SEPARATOR);
    if (context + 1 - labelReserve - separator.length < 2) {
      throw new IllegalArgumentException(
          "context "
              + context
              + " leaves no room for a label text after reserving "
              + labelReserve
              + " positions for the label");
    }
    if (completionReserve < 1 || completionReserve >= context) {
      throw new IllegalArgumentException(
          "completion reserve must be in [1, context), was " + completionReserve);
    }
  }

  public int context() {
    return context;
  }

  /** The most tokens a label may have (its EOS not counted) and still fit its reserve. */
  public int maxLabelTokens() {
    return labelReserve - 1;
  }

  /** The prompt of a record: for labels BOS + (cut) text + separator, else BOS + prompt tail. */
  public Prompt prompt(TaskKind kind, String input) {
    return prompt(kind, input, kind == TaskKind.LABEL ? labelReserve : completionReserve);
  }

  private Prompt prompt(TaskKind kind, String input, int reserve) {
    int[] text = tokenizer.encode(input == null ? "" : input);
    int[] tail = kind == TaskKind.LABEL ? separator : new int[0];
    int budget = Math.max(0, context + 1 - reserve - tail.length - 1);
    int[] kept = cut(text, budget, kind == TaskKind.LABEL ? truncation : Truncation.TAIL);
    int[] ids = new int[1 + kept.length + tail.length];
    ids[0] = tokenizer.bos();
    System.arraycopy(kept, 0, ids, 1, kept.length);
    System.arraycopy(tail, 0, ids, 1 + kept.length, tail.length);
    return new Prompt(ids, kept.length < text.length, text.length);
  }

  /**
   * A whole row: the prompt, then as much of the completion as fits, then EOS if it all fit. A
   * label is never cut (it names a class): one longer than {@link #maxLabelTokens} takes room from
   * its own prompt, which start-up prevents for configured labels.
   */
  public Encoded encode(TaskKind kind, String input, String completion) {
    int[] c = tokenizer.encode(completion == null ? "" : completion);
    if (kind == TaskKind.LABEL && c.length + 1 > labelReserve) {
      int reserve = Math.min(context, c.length + 1);
      return encode(prompt(kind, input, reserve), c);
    }
    return encode(prompt(kind, input), c);
  }

  /** A row from a prompt and completion ids (no EOS in them). */
  public Encoded encode(Prompt prompt, int[] completion) {
    int[] head = prompt.ids();
    int room = context + 1 - head.length; // completion tokens, EOS included
    boolean fits = completion.length + 1 <= room;
    int[] kept = fits ? completion : Arrays.copyOf(completion, room);
    int[] ids = new int[head.length + kept.length + (fits ? 1 : 0)];
    System.arraycopy(head, 0, ids, 0, head.length);
    System.arraycopy(kept, 0, ids, head.length, kept.length);
    if (fits) {
      ids[ids.length - 1] = tokenizer.eos();
    }
    return new Encoded(ids, head.length, prompt.truncated(), prompt.inputTokens());
  }

  /**
   * The row of a generation exactly as it was sampled after {@code input}'s prompt: the sampled
   * ids, then EOS only if generation stopped on it (a completion cut at the length limit has none).
   * Null when that row does not fit the context: it was not sampled in one context window.
   */
  public Encoded sampled(String input, int[] completion, boolean endedWithEos) {
    Prompt prompt = prompt(TaskKind.GENERATION, input);
    int[] head = prompt.ids();
    int length = head.length + completion.length + (endedWithEos ? 1 : 0);
    if (length > context + 1) {
      return null;
    }
    int[] ids = Arrays.copyOf(head, length);
    System.arraycopy(completion, 0, ids, head.length, completion.length);
    if (endedWithEos) {
      ids[length - 1] = tokenizer.eos();
    }
    return new Encoded(ids, head.length, prompt.truncated(), prompt.inputTokens());
  }

  /** {@code text} cut to at most {@code budget} tokens, keeping the part {@code mode} names. */
  static int[] cut(int[] text, int budget, Truncation mode) {
    if (text.length <= budget) {
      return text;
    }
    return switch (mode) {
      case HEAD -> Arrays.copyOf(text, budget);
      case TAIL -> Arrays.copyOfRange(text, text.length - budget, text.length);
      case HEAD_TAIL -> {
        int head = (int) Math.round(budget * HEAD_SHARE);
        int[] out = new int[budget];
        System.arraycopy(text, 0, out, 0, head);
        System.arraycopy(text, text.length - (budget - head), out, head, budget - head);
        yield out;
      }
    };
  }

  /**
   * The encoder a trainer's {@code inputs} settings describe, for a model of {@code context}
   * positions: label reserve per {@link #labelReserve}, completion reserve as set (else half the
   * context), truncation as named.
   */
  static PromptEncoder of(Tokenizer tokenizer, int context, TrainerSettings.Inputs inputs) {
    return new PromptEncoder(
        tokenizer,
        context,
        labelReserve(tokenizer, inputs),
        inputs.completionReserve() > 0 ? inputs.completionReserve() : context / 2,
        Truncation.parse(inputs.truncation()));
  }

  /**
   * The positions reserved for a label: as configured (every configured label must fit), else the
   * longest configured label + 1, else {@link TrainerSettings.Inputs#STREAM_LABEL_RESERVE}.
   */
  static int labelReserve(Tokenizer tokenizer, TrainerSettings.Inputs inputs) {
    int longest = 0;
    String longestLabel = null;
    for (String label : inputs.labels()) {
      int n = tokenizer.encode(label).length;
      if (n > longest) {
        longest = n;
        longestLabel = label;
      }
    }
    if (inputs.labelReserve() <= 0) {
      return longestLabel == null ? TrainerSettings.Inputs.STREAM_LABEL_RESERVE : longest + 1;
    }
    if (longest + 1 > inputs.labelReserve()) {
      throw new IllegalArgumentException(
          "train.data.label-reserve="
              + inputs.labelReserve()
              + " is too small for label '"
              + longestLabel
              + "' ("
              + longest
              + " tokens + EOS); raise it or set 0 to size it from train.model.labels");
    }
    return inputs.labelReserve();
  }
}
