package io.streamtune.reward.scoring.model;

/** One training example for the reward model: a prompt, a completion, and whether it is good. */
public record LabelledExample(String prompt, String completion, boolean good) {

  public LabelledExample {
    prompt = prompt == null ? "" : prompt;
    completion = completion == null ? "" : completion;
  }
}
