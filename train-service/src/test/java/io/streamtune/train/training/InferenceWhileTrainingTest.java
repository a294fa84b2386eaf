package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.sample.TopicTask;
import io.streamtune.train.model.HfTokenizerTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceWhileTrainingTest {

  @Test
  void predictionsFromAnotherThreadReadAConsistentSnapshot() throws Exception {
    List<TrainExample> data = Fixtures.topics(9, 400);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicInteger predictions = new AtomicInteger();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!done.get()) {
                    LabelPrediction p =
                        trainer
                            .predictLabels(List.of("the striker scored a goal"), TopicTask.LABELS)
                            .get(0);
                    double sum = p.probabilities().values().stream().mapToDouble(d -> d).sum();
                    if (Math.abs(sum - 1) > 1e-6
                        || p.probabilities().values().stream().anyMatch(d -> d.isNaN())) {
                      throw new AssertionError("inconsistent probabilities " + p);
                    }
                    trainer.generate(
                        List.of("rain and wind => "), new GenerationSettings(4, 0.8, 5), 1);
                    predictions.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "reader");
      reader.start();
      for (int i = 0; i < 30; i++) {
        assertTrue(!trainer.step(Fixtures.batch(data, i, 16), List.of()).skippedNonFinite());
      }
      done.set(true);
      reader.join();
      assertNull(failure.get());
      assertTrue(predictions.get() > 0);
      // After training stops, the snapshot equals the live weights: same answer as a fresh read.
      LabelPrediction a =
          trainer.predictLabels(List.of("pasta with garlic"), TopicTask.LABELS).get(0);
      LabelPrediction b =
          trainer.predictLabels(List.of("pasta with garlic"), TopicTask.LABELS).get(0);
      assertEquals(a, b);
    }
  }

  @Test
  void generationIsSeededAndGreedyIsDeterministic() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      GenerationSettings sample = new GenerationSettings(12, 1.0, 20);
      List<String> prompts = List.of("hello", "world");
      assertEquals(trainer.generate(prompts, sample, 5), trainer.generate(prompts, sample, 5));
      GenerationSettings greedy = new GenerationSettings(12, 0, 0);
      assertEquals(trainer.generate(prompts, greedy, 1), trainer.generate(prompts, greedy, 2));
    }
  }

  @Test
  void trainsWithAHuggingFaceTokenizer(@TempDir Path dir) throws Exception {
    Path file = HfTokenizerTest.writeTinyTokenizer(dir);
    TrainerSettings s = Fixtures.tiny();
    TrainerSettings hf =
        s.toBuilder()
            .tokenizerPath(file.toString())
            .inputs(TrainerSettings.Inputs.DEFAULTS)
            .tokenizer("byte")
            .build();
    List<TrainExample> data = Fixtures.topics(2, 64);
    try (OnlineTrainer trainer = OnlineTrainer.create(hf)) {
      assertEquals(258, trainer.tokenizer().vocabSize());
      double first = trainer.step(Fixtures.batch(data, 0, 16), List.of()).taskLoss();
      double last = first;
      for (int i = 1; i < 25; i++) {
        last = trainer.step(Fixtures.batch(data, i, 16), List.of()).taskLoss();
      }
      assertTrue(last < first, first + " -> " + last);
      assertEquals(
          1, trainer.generate(List.of("the"), new GenerationSettings(5, 0.7, 10), 3).size());
    }
  }
}
