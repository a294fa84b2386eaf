package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.streamtune.train.model.ForwardContext;
import io.streamtune.train.model.Gpt2Config;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.Gpt2Tokenizer;
import io.streamtune.train.model.Tokenizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LM head applied only at scored positions gives the loss and the parameter gradients of the
 * head applied everywhere (the textbook form: logits [B, T, V], log-softmax, gather, mask).
 */
class LogProbsTest {

  @Test
  void selectiveHeadMatchesFullLogitsInLossAndGradients() {
    Engine engine = Engine.getEngine("PyTorch");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        Tokenizer tokenizer = Gpt2Tokenizer.compact(2047)) {
      Gpt2Config config = new Gpt2Config(tokenizer.vocabSize(), 32, 32, 4, 2, 0.0, 1e-5);
      Gpt2Model model = new Gpt2Model(config, null);
      model.initialize(manager, 7);
      model.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
      PromptEncoder encoder =
          new PromptEncoder(tokenizer, 32, 8, 16, PromptEncoder.Truncation.parse("head+tail"));
      List<PromptEncoder.Encoded> rows =
          List.of(
              encoder.encode(
                  io.streamtune.common.payload.TaskKind.GENERATION,
                  "The Congress shall",
                  " make no law"),
              encoder.encode(
                  io.streamtune.common.payload.TaskKind.GENERATION,
                  "Fellow citizens 😀 中文",
                  " war"),
              encoder.encode(
                  io.streamtune.common.payload.TaskKind.GENERATION,
                  "x",
                  " a much longer completion than the others"));
      SequenceBatch batch = SequenceBatch.of(rows, tokenizer.pad());
      assertTrue(batch.scoredTokens < batch.rows * batch.length, "some positions are not scored");

      Result full = lossAndGradients(engine, manager, model, batch, LogProbsTest::fullLogits);
      Result selective = lossAndGradients(engine, manager, model, batch, LogProbs::ofTargets);

      assertEquals(full.loss, selective.loss, 1e-5 * Math.abs(full.loss));
      assertEquals(full.gradients.keySet(), selective.gradients.keySet());
      double worst = 0;
      for (String name : full.gradients.keySet()) {
        float[] a = full.gradients.get(name);
        float[] b = selective.gradients.get(name);
        assertEquals(a.length, b.length, name);
        double scale = 0;
        for (float v : a) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "gradient of " + name + " is zero: nothing was compared");
        for (int i = 0; i < a.length; i++) {
          worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
      }
      assertTrue(worst < 1e-4, "largest relative gradient difference " + worst);
    }
  }

  /** The head over every position: logits [B, T, V], then the target's log p, masked. */
  private static NDArray fullLogits(Gpt2Model model, ForwardContext ctx, SequenceBatch batch) {
    NDManager m = ctx.manager();
    return model
        .forward(ctx, batch.inputs(m))
        .logSoftmax(2)
        .gather(batch.targets(m).expandDims(2), 2)
        .squeeze(2)
        .mul(batch.mask(m));
  }

  private record Result(float loss, Map<String, float[]> gradients) {}

  private static Result lossAndGradients(
      Engine engine, NDManager manager, Gpt2Model model, SequenceBatch batch, LogProbFn logProbs) {
    Map<String, float[]> gradients = new LinkedHashMap<>();
    float loss;
    try (NDManager step = manager.newSubManager()) {
      try (GradientCollector collector = engine.newGradientCollector()) {
        ForwardContext ctx = new ForwardContext(step, true);
        NDArray value =
            logProbs
                .apply(model, ctx, batch)
                .sum()
                .neg()
                .div(step.create((float) batch.scoredTokens));
        loss = value.getFloat();
        collector.backward(value);
      }
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        gradients.put(e.getKey(), e.getValue().getArray().getGradient().toFloatArray());
        JniUtils.zeroGrad((PtNDArray) e.getValue().getArray());
      }
    }
    return new Result(loss, gradients);
  }

  @FunctionalInterface
  private interface LogProbFn {
    NDArray apply(Gpt2Model model, ForwardContext ctx, SequenceBatch batch);
  }
}
