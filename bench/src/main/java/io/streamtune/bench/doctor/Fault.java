package io.streamtune.bench.doctor;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A fault the scorecard injects into an otherwise healthy run, the doctor's causes that count as
 * naming it (by wire name, so names the doctor does not know yet simply never match), and the
 * doctor's actions that count as treating it. An empty treatment set means the doctor only reports
 * that cause (its fix text is the treatment): the table shows "report" there.
 */
public enum Fault {
  HEALTHY("healthy", "nothing injected", Set.of(), Set.of()),
  LR_HIGH(
      "lr_x100",
      "learning rate ×100",
      Set.of("lr_too_high"),
      // Divergence is treated by a rollback and a rate cut; either one counts.
      Set.of("rollback", "lr_cut")),
  LR_LOW("lr_div1000", "learning rate ÷1000", Set.of("lr_too_low"), Set.of()),
  SHUFFLED(
      "labels_shuffled",
      "labels shuffled across texts",
      // Both say "the labels do not follow from the text: fix the data".
      Set.of("not_learnable", "data_conflicts"),
      Set.of()),
  TINY_REPLAYED(
      "tiny_replayed",
      "32 training records replayed for many passes",
      // Too few unique examples: memorizing, or the eval loss turning up (overfitting).
      Set.of("memorizing", "overfitting"),
      Set.of("mark_best_checkpoint", "stop_training")),
  REWARD_CONSTANT(
      "reward_constant",
      "every reward the same, λ = 0.1",
      Set.of("reward_dead"),
      Set.of("lambda_off")),
  LONG_INPUTS("inputs_too_long", "inputs ~12× the context", Set.of("inputs_truncated"), Set.of()),
  IMBALANCE(
      "imbalance_95_5",
      "one label 95% of the data",
      // The model ignores the rare label (class_ignored) or the data is skewed (class_imbalance).
      Set.of("class_ignored", "class_imbalance"),
      Set.of()),
  LEAK(
      "label_leak",
      "a marker gives the label away in training, not in eval",
      // The model learns the marker, not the text: its answers do not follow the text
      // (input_ignored), training loss far below eval loss (memorizing), or it trails a
      // bag-of-words probe that reads the words (model_behind_baseline). not_learnable is wrong:
      // the text does carry the label.
      Set.of("input_ignored", "memorizing", "model_behind_baseline"),
      Set.of());

  private final String id;
  private final String description;
  private final Set<String> causes;
  private final Set<String> treatments;

  Fault(String id, String description, Set<String> causes, Set<String> treatments) {
    this.id = id;
    this.description = description;
    this.causes = causes;
    this.treatments = treatments;
  }

  /** The name on the command line and in the table. */
  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The doctor's causes (wire names) that name this fault correctly. */
  public Set<String> causes() {
    return causes;
  }

  /** The doctor's actions that treat it; empty when the doctor only reports it. */
  public Set<String> treatments() {
    return treatments;
  }

  /** Every fault but {@link #HEALTHY}, in table order. */
  public static List<Fault> injected() {
    return Arrays.stream(values()).filter(f -> f != HEALTHY).toList();
  }

  /** The fault with this id. */
  public static Fault of(String id) {
    for (Fault f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "no fault "
            + id
            + "; one of "
            + String.join(", ", Arrays.stream(values()).map(Fault::id).toList()));
  }
}
