package io.streamtune.train.training;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Tokenizer;
import java.util.concurrent.locks.Lock;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Where a trainer's queries run, one {@link ModelQueries} a lane:
 *
 * <ul>
 *   <li>{@link #requests}: any thread (REST requests); on a snapshot of the weights evaluation
 *       reads ({@link InferenceSnapshot}), never half an update;
 *   <li>{@link #evaluation}: the training thread's evaluation, on the weights it alone changes
 *       (their moving average when one is kept), no copy and no lock;
 *   <li>{@link #live}: the training thread's output sampling, on the raw weights: the policy the
 *       reward term's gradient belongs to.
 * </ul>
 */
final class QueryLanes implements AutoCloseable {

  final ModelQueries requests;
  final ModelQueries evaluation;
  final ModelQueries live;
  private final InferenceSnapshot snapshots;
  private final NDManager manager;

  QueryLanes(
      TrainableModel weights,
      Gpt2Model evaluated,
      Inference inference,
      PromptEncoder encoder,
      Tokenizer tokenizer,
      Lock weightsLock,
      LongSupplier weightsVersion) {
    this.manager = weights.manager;
    this.snapshots =
        new InferenceSnapshot(
            evaluated, weights.trainable.keySet(), manager, weightsLock, weightsVersion);
    this.requests = new ModelQueries(snapshots::query, inference, encoder, tokenizer);
    this.evaluation = new ModelQueries(onTrainingThread(evaluated), inference, encoder, tokenizer);
    this.live = new ModelQueries(onTrainingThread(weights.model), inference, encoder, tokenizer);
  }

  /** A lane on {@code model}, which only the training thread changes: no copy, no lock. */
  private ModelQueries.Lane onTrainingThread(Gpt2Model model) {
    return new ModelQueries.Lane() {
      @Override
      public <T> T run(BiFunction<Gpt2Model, NDManager, T> query) {
        JniUtils.setGradMode(false);
        return query.apply(model, manager);
      }
    };
  }

  @Override
  public void close() {
    snapshots.close();
  }
}
