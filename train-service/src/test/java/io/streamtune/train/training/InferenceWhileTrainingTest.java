package io.streamtune.train.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.sample.TopicTask;
import io.streamtune.train.model.Gpt2Model;
import io.streamtune.train.model.HfTokenizerTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceWhileTrainingTest {

  /**
   * While the training thread steps, every read from another thread must be the answer of one
   * complete weight version. Between steps the training thread records, for each version, the
   * fingerprint of every tensor and the answers of the live weights (which only it changes); the
   * reader's snapshot fingerprints, predictions and generations must each equal those of some
   * version. A snapshot holding some tensors of step k and some of step k+1 matches none.
   */
  @Test
  void predictionsFromAnotherThreadReadOneCompleteWeightVersion() throws Exception {
    List<TrainExample> data = Fixtures.topics(9, 400);
    List<String> text = List.of("the striker scored a goal");
    List<String> prompt = List.of("rain and wind => ");
    GenerationSettings generation = new GenerationSettings(4, 0.8, 5);
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      List<Map<String, Integer>> versions = new ArrayList<>();
      Set<LabelPrediction> predictionsOfVersions = new HashSet<>();
      Set<List<String>> generationsOfVersions = new HashSet<>();
      AtomicBoolean done = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Map<String, Integer>> seenWeights = new CopyOnWriteArrayList<>();
      List<LabelPrediction> seenPredictions = new CopyOnWriteArrayList<>();
      List<List<String>> seenGenerations = new CopyOnWriteArrayList<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  while (!done.get()) {
                    seenWeights.add(trainer.requests().query((m, manager) -> fingerprint(m)));
                    seenPredictions.add(
                        trainer.requests().predictLabels(text, TopicTask.LABELS).get(0));
                    seenGenerations.add(trainer.requests().generate(prompt, generation, 1));
                  }
                } catch (Throwable t) {
                  failure.set(t);
                }
              },
              "reader");
      for (int i = 0; i <= 30; i++) {
        if (i > 0) {
          assertTrue(!trainer.step(Fixtures.batch(data, i - 1, 16), List.of()).skippedNonFinite());
        }
        versions.add(trainer.withModel(InferenceWhileTrainingTest::fingerprint));
        predictionsOfVersions.add(trainer.live().predictLabels(text, TopicTask.LABELS).get(0));
        generationsOfVersions.add(trainer.live().generate(prompt, generation, 1));
        if (i == 0) {
          reader.start();
        }
      }
      done.set(true);
      reader.join();
      assertNull(failure.get());
      assertTrue(seenWeights.size() > 0);
      Set<Integer> versionsSeen = new HashSet<>();
      for (Map<String, Integer> weights : seenWeights) {
        int version = versions.indexOf(weights);
        assertTrue(
            version >= 0, () -> "a snapshot mixes weight versions: " + mix(weights, versions));
        versionsSeen.add(version);
      }
      assertTrue(versionsSeen.size() >= 3, "the reader saw versions " + versionsSeen);
      for (LabelPrediction p : seenPredictions) {
        assertTrue(
            predictionsOfVersions.contains(p), "a prediction of no complete weight version: " + p);
      }
      for (List<String> g : seenGenerations) {
        assertTrue(
            generationsOfVersions.contains(g), "a generation of no complete weight version: " + g);
      }
      // After training stops, the snapshot catches up with the live weights.
      assertEquals(
          trainer.live().predictLabels(List.of("pasta with garlic"), TopicTask.LABELS),
          trainer.requests().predictLabels(List.of("pasta with garlic"), TopicTask.LABELS));
      assertEquals(
          versions.get(versions.size() - 1),
          trainer.requests().query((m, manager) -> fingerprint(m)));
    }
  }

  /** A hash of each tensor's values, by name: equal maps are the same weights, bit for bit. */
  private static Map<String, Integer> fingerprint(Gpt2Model model) {
    Map<String, Integer> out = new TreeMap<>();
    model
        .namedParameters()
        .forEach((name, p) -> out.put(name, Arrays.hashCode(p.getArray().toFloatArray())));
    return out;
  }

  /** For a failure message: the versions each tensor of {@code weights} comes from. */
  private static Map<String, List<Integer>> mix(
      Map<String, Integer> weights, List<Map<String, Integer>> versions) {
    Map<String, List<Integer>> from = new TreeMap<>();
    weights.forEach(
        (name, hash) -> {
          List<Integer> v = new ArrayList<>();
          for (int i = 0; i < versions.size(); i++) {
            if (hash.equals(versions.get(i).get(name))) {
              v.add(i);
            }
          }
          from.put(name, v);
        });
    return from;
  }

  @Test
  void generationIsSeededAndGreedyIsDeterministic() {
    try (OnlineTrainer trainer = OnlineTrainer.create(Fixtures.tiny())) {
      GenerationSettings sample = new GenerationSettings(12, 1.0, 20);
      List<String> prompts = List.of("hello", "world");
      assertEquals(
          trainer.requests().generate(prompts, sample, 5),
          trainer.requests().generate(prompts, sample, 5));
      GenerationSettings greedy = new GenerationSettings(12, 0, 0);
      assertEquals(
          trainer.requests().generate(prompts, greedy, 1),
          trainer.requests().generate(prompts, greedy, 2));
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
          1,
          trainer
              .requests()
              .generate(List.of("the"), new GenerationSettings(5, 0.7, 10), 3)
              .size());
    }
  }
}
