package io.streamtune.train.training;

/** Rejects settings the trainer cannot honour, naming the setting and what is allowed. */
final class Validation {

  private Validation() {}

  /** Everything, for a model built from the settings. */
  static void check(TrainerSettings s) {
    positive("layers", s.layers());
    positive("heads", s.heads());
    positive("embedding", s.embedding());
    require(s.embedding() % s.heads() == 0, "embedding must be a multiple of heads");
    require(s.contextLength() >= 2, "contextLength must be >= 2");
    require(s.dropout() >= 0 && s.dropout() < 1, "dropout must be in [0, 1)");
    if (s.tokenizerPath() == null || s.tokenizerPath().isBlank()) {
      String problem = io.streamtune.train.model.Tokenizers.problem(s.tokenizer());
      require(problem == null, problem);
    }
    checkTraining(s);
  }

  /** The optimizer, schedule and loss settings (the architecture may come from elsewhere). */
  static void checkTraining(TrainerSettings s) {
    require(s.learningRate() > 0 && Double.isFinite(s.learningRate()), "learningRate must be > 0");
    require(s.weightDecay() >= 0, "weightDecay must be >= 0");
    require(s.warmupSteps() >= 0, "warmupSteps must be >= 0");
    require(s.clipNorm() >= 0, "clipNorm must be >= 0 (0 = no clipping)");
    require(s.gradAccumulation() >= 1, "gradAccumulation must be >= 1");
    require(s.lambda() >= 0 && Double.isFinite(s.lambda()), "lambda must be >= 0");
  }

  private static void positive(String name, int value) {
    require(value > 0, name + " must be > 0, was " + value);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
