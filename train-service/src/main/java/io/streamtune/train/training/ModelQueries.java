package io.streamtune.train.training;

import ai.djl.ndarray.NDManager;
import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Evaluation, label prediction, scoring and generation on the weights one {@link Lane} hands out.
 * The trainer has three lanes: its request snapshot (any thread; a detached copy under its own
 * lock, see {@link OnlineTrainer}), and for the training thread alone (no copy, no lock) its live
 * weights (output sampling) and the weights evaluation reads (their moving average, when kept), so
 * a long request and the training thread's own evaluation and output sampling never wait for each
 * other.
 */
public final class ModelQueries {

  /** Runs a query on some weights, with the manager its arrays are to be created under. */
  interface Lane {
    <T> T run(BiFunction<Gpt2Model, NDManager, T> query);
  }

  private final Lane lane;
  private final Inference inference;
  private final PromptEncoder encoder;
  private final Tokenizer tokenizer;

  ModelQueries(Lane lane, Inference inference, PromptEncoder encoder, Tokenizer tokenizer) {
    this.lane = lane;
    this.inference = inference;
    this.encoder = encoder;
    this.tokenizer = tokenizer;
  }

  /** Any query on this lane's weights (tests read the weights a lane sees). */
  <T> T query(BiFunction<Gpt2Model, NDManager, T> query) {
    return lane.run(query);
  }

  public EvalStats evaluate(List<TrainExample> heldOut, List<String> labels) {
    return lane.run((model, manager) -> inference.evaluate(model, manager, heldOut, labels));
  }

  public List<LabelPrediction> predictLabels(List<String> texts, List<String> labels) {
    return lane.run((model, manager) -> inference.predictLabels(model, manager, texts, labels));
  }

  /**
   * log p(completion + EOS | prompt) per {prompt, completion} pair; each pair is encoded as a
   * generation record is for training.
   */
  public List<PairScore> score(List<String[]> pairs) {
    List<PromptEncoder.Encoded> rows = new ArrayList<>();
    for (String[] pair : pairs) {
      rows.add(encoder.encode(TaskKind.GENERATION, pair[0], pair[1]));
    }
    double[][] scored = lane.run((model, manager) -> inference.score(model, manager, rows));
    List<PairScore> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      int completionTokens = tokenizer.encode(pairs.get(i)[1]).length;
      out.add(new PairScore(scored[0][i], (int) scored[1][i], completionTokens));
    }
    return out;
  }

  /**
   * Samples a completion of each prompt for the reward term ({@code Inference#sample}): the sampled
   * token ids, whether each stopped on EOS, and log π of the ids under {@code settings}'
   * temperature and top-k (NaN when greedy).
   */
  public List<ModelOutput.Sampled> sampleGenerations(
      List<String> prompts, GenerationSettings settings, long seed) {
    return lane.run(
        (model, manager) -> {
          Random random = new Random(seed);
          List<ModelOutput.Sampled> out = new ArrayList<>();
          for (String prompt : prompts) {
            Inference.Generation g = inference.sample(model, manager, prompt, settings, random);
            boolean greedy = Double.isNaN(g.logProb());
            out.add(
                new ModelOutput.Sampled(
                    null,
                    null,
                    g.ids(),
                    g.endedWithEos(),
                    g.logProb(),
                    greedy ? 0 : settings.temperature(),
                    greedy ? null : settings.topK()));
          }
          return out;
        });
  }

  public List<String> generate(List<String> prompts, GenerationSettings settings, long seed) {
    return lane.run(
        (model, manager) -> {
          Random random = new Random(seed);
          List<String> out = new ArrayList<>();
          for (String prompt : prompts) {
            out.add(inference.generate(model, manager, prompt, settings, random));
          }
          return out;
        });
  }
}
