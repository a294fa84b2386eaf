package io.streamtune.train.training;

/**
 * Names the frozen base of a LoRA run, so a checkpoint can leave the base out: {@code source} says
 * where it comes from (a model folder, or the seeded init), {@code sha256} fingerprints its values
 * (the weight files' bytes, or the seed and architecture). On resume the trainer compares both with
 * its own base and refuses a checkpoint made on another one.
 */
public record BaseIdentity(String source, String sha256) {

  /** The base of a model trained from scratch: a function of the seed and the architecture. */
  static BaseIdentity seeded(long seed, String architecture) {
    String text = "seeded-init seed=" + seed + " " + architecture;
    return new BaseIdentity("seeded init (seed " + seed + ")", Hashes.sha256(text));
  }
}
