package io.streamtune.train.config;

import io.streamtune.train.training.TrainerSettings;
import java.nio.file.Path;
import java.util.List;

/** Turns the service's config into the plain values the model core takes. */
public final class Settings {

  private Settings() {}

  public static TrainerSettings trainer(TrainConfig c) {
    TrainConfig.Model m = c.model();
    TrainConfig.Lora l = c.lora();
    TrainConfig.Optimizer o = c.optimizer();
    return TrainerSettings.builder()
        .layers(m.layers())
        .heads(m.heads())
        .embedding(m.embedding())
        .contextLength(m.contextLength())
        .dropout(m.dropout())
        .tokenizerPath(m.tokenizerPath().orElse(null))
        .lora(l.enabled())
        .loraRank(l.rank())
        .loraAlpha(l.alpha())
        .loraDropout(l.dropout())
        .loraTargets(l.targets())
        .learningRate(o.learningRate())
        .weightDecay(o.weightDecay())
        .beta1(o.beta1())
        .beta2(o.beta2())
        .epsilon(o.epsilon())
        .warmupSteps(o.warmupSteps())
        .schedule(o.schedule())
        .totalSteps(o.totalSteps())
        .minLearningRateRatio(o.minLearningRateRatio())
        .clipNorm(o.clipNorm())
        .gradAccumulation(o.gradAccumulation())
        .emaDecay(o.emaDecay())
        .lambda(c.rewards().lambda())
        .promptLossWeight(c.data().promptLossWeight())
        .promptLossPositions(c.data().promptLossPositions())
        .baselineMomentum(c.rewards().baselineMomentum())
        .seed(m.seed())
        .device(m.device())
        .inputs(inputs(c))
        .tokenizer(m.tokenizer())
        .build();
  }

  /** How records become model rows; the label reserve is resolved by the trainer. */
  public static TrainerSettings.Inputs inputs(TrainConfig c) {
    TrainConfig.Data d = c.data();
    return new TrainerSettings.Inputs(
        d.labelReserve(),
        d.completionReserve(),
        d.truncation(),
        d.classWeights(),
        c.model().labels().orElse(List.of()));
  }

  /** The model's own checkpoint folder: {@code <train.checkpoint.dir>/<train.model.name>}. */
  public static Path checkpointDir(TrainConfig c) {
    return checkpointDir(c, c.model().name());
  }

  /** The checkpoint folder of the run named {@code modelName} (see {@link #modelName}). */
  public static Path checkpointDir(TrainConfig c, String modelName) {
    return Path.of(c.checkpoint().dir()).toAbsolutePath().resolve(modelName);
  }

  /**
   * The run's name: {@code train.model.name}, unless it is left at its default while a pretrained
   * folder is trained; then the folder's name ({@code pretrainedName}), so a GPT-2 run is not
   * called streamtune-tiny in status, metrics, checkpoints and train.events.
   */
  public static String modelName(TrainConfig c, String pretrainedName) {
    String configured = c.model().name();
    return pretrainedName != null && configured.equals(TrainConfig.Model.DEFAULT_NAME)
        ? pretrainedName
        : configured;
  }
}
