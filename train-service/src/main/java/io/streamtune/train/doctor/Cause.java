package io.streamtune.train.doctor;

/**
 * Why a model is not learning: the doctor's diagnoses, each in one of the three places fine-tuning
 * fails (the data, the hyperparameters, the feedback) with the fix to try first.
 */
public enum Cause {
  DATA_DUPLICATES(
      "data",
      "Many records are duplicates: the model sees fewer distinct examples than the record count"
          + " suggests. De-duplicate at the source or feed more varied data."),
  DATA_CONFLICTS(
      "data",
      "The same input arrives with different labels, or labels do not follow from the text: no"
          + " model can beat the conflict rate. Fix the labelling (aliases, annotator guidelines)"
          + " or drop conflicting sources."),
  CLASS_IMBALANCE(
      "data",
      "One class dominates: the model can score well by predicting it. Rebalance (sample the rare"
          + " classes more, or cap the common one) or collect more of the rare classes."),
  MEMORIZING(
      "data",
      "Train loss is near zero while eval loss does not improve: too few unique examples for the"
          + " model size. Add unique data, use a smaller model or LoRA, or train fewer passes."),
  LR_TOO_HIGH(
      "hyperparameters",
      "Loss spikes, non-finite steps or exploding updates: the learning rate is too high. Lower"
          + " it (÷3–10), lengthen warm-up, or clip gradients harder."),
  LR_TOO_LOW(
      "hyperparameters",
      "Loss is flat and the weights barely move: the learning rate is too low. Raise it (×3–10)"
          + " or check the schedule has not decayed to nothing."),
  OVERFITTING(
      "hyperparameters",
      "Eval loss rises while train loss falls: the model fits the training data at the expense of"
          + " new data. Stop at the best checkpoint, add weight decay or dropout, or train fewer"
          + " passes."),
  BATCH_TOO_NOISY(
      "hyperparameters",
      "Loss noise is larger than its trend: each batch's gradient is mostly noise. Use a larger"
          + " batch or gradient accumulation, or lower the learning rate."),
  REWARD_DEAD(
      "feedback",
      "Every reward is the same: the reward term carries no signal (only noise through the"
          + " baseline). Check the reward service's scorers and weights; λ is held at 0 meanwhile."),
  REWARD_HACKING(
      "feedback",
      "Reward rises while eval accuracy falls: the model is learning to please the scorer, not the"
          + " task. Tighten the scorer (format/keywords rules), lower λ, or add label_match."),
  REWARD_UNCORRELATED(
      "feedback",
      "Reward does not move with eval accuracy: it does not reward what you measure. Re-weight the"
          + " scorers or lower λ."),
  CLASS_IGNORED(
      "hyperparameters",
      "A label that is a real share of the data is almost never answered: the model scores its"
          + " accuracy on the others. Turn on class-balanced loss weights"
          + " (train.data.class-weights=true), or sample the rare label more, and train more passes"
          + " (train.data.passes)."),
  MODEL_BEHIND_BASELINE(
      "hyperparameters",
      "A bag-of-words baseline trained on the same records beats the model on the same held-out"
          + " set, and the model has stopped closing the gap: the data is learnable, the model or"
          + " its settings are the problem. Follow the signals in the evidence (inputs truncated,"
          + " passes, learning rate, a class ignored, the input ignored)."),
  NOT_LEARNABLE(
      "data",
      "Neither the model nor a bag-of-words baseline beats always answering the majority label:"
          + " the labels do not follow from the text (shuffled, noisy, or read from the wrong"
          + " field). Fix the data, not the model: check the label field, the annotation and the"
          + " ingest aliases."),
  INPUTS_TRUNCATED(
      "hyperparameters",
      "Most inputs are longer than the model's context and are cut: the model never reads the"
          + " rest (the evidence's gap says how far it trails a baseline that reads the whole"
          + " text). Keep head and tail"
          + " (train.data.truncation=head+tail), raise train.model.context-length, or use a subword"
          + " tokenizer (train.model.tokenizer) so more text fits."),
  INPUT_IGNORED(
      "data",
      "The model's answers do not depend on its input: swapping inputs between held-out records"
          + " barely moves the label probabilities, or every label scores alike. It learned a"
          + " shortcut (a position, a length, a constant) instead of the text. Remove the shortcut"
          + " from the records (same format and length for every label) and check how prompts are"
          + " cut."),
  UNDERTRAINED(
      "hyperparameters",
      "The stream is used up while the held-out loss was still falling: the model would learn"
          + " more from the same records. Train more passes (train.data.passes) or feed more"
          + " data.");

  private final String area;
  private final String fix;

  Cause(String area, String fix) {
    this.area = area;
    this.fix = fix;
  }

  /** The wire name: the metric tag and JSON value, e.g. {@code lr_too_high}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** data, hyperparameters or feedback. */
  public String area() {
    return area;
  }

  /** The plain-language fix to try first. */
  public String fix() {
    return fix;
  }
}
