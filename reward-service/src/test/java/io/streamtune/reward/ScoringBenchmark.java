package io.streamtune.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamtune.common.payload.ModelOutput;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.reward.config.RewardConfig.LengthUnit;
import io.streamtune.reward.scoring.FormatScorer;
import io.streamtune.reward.scoring.KeywordsScorer;
import io.streamtune.reward.scoring.LabelMatchScorer;
import io.streamtune.reward.scoring.LengthScorer;
import io.streamtune.reward.scoring.RewardModelScorer;
import io.streamtune.reward.scoring.Scorer;
import io.streamtune.reward.scoring.model.LabelledExample;
import io.streamtune.reward.scoring.model.RewardModel;
import io.streamtune.reward.scoring.model.RewardModelTrainer;
import io.streamtune.sample.TopicTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no *Test/*IT suffix: it runs only when asked):
 *
 * <pre>
 * ./mvnw -B -o -pl reward-service test -Dtest=ScoringBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Scores the same 2,000 (-Dbench.outputs) TopicTask outputs with each scorer, in interleaved rounds
 * so machine noise hits all alike, and prints µs per output and each scorer's cost relative to
 * label_match.
 */
class ScoringBenchmark {

  @Test
  void scorersSideBySide() {
    TopicTask task = new TopicTask(1);
    List<ModelOutput> outputs = new ArrayList<>();
    List<LabelledExample> examples = new ArrayList<>();
    int n = Integer.getInteger("bench.outputs", 2_000); // -Dbench.outputs
    for (int i = 0; i < n; i++) {
      TopicTask.Example e = task.next();
      String completion = i % 2 == 0 ? e.label() : TopicTask.LABELS.get(i % 4);
      outputs.add(
          new ModelOutput(
              "o" + i,
              1,
              "r",
              TaskKind.LABEL,
              e.text(),
              completion,
              e.label(),
              Instant.EPOCH,
              null,
              null));
      examples.add(new LabelledExample(e.text(), completion, completion.equals(e.label())));
    }
    try (RewardModel model =
        RewardModelTrainer.train(examples, RewardModelTrainer.Options.defaults()).model()) {
      Map<String, Scorer> scorers = new LinkedHashMap<>();
      scorers.put("label_match", new LabelMatchScorer());
      scorers.put("length", new LengthScorer(LengthUnit.TOKENS, 1, 3, 2));
      scorers.put("keywords", new KeywordsScorer(List.of("sports", "food"), List.of("darn")));
      scorers.put(
          "format_regex",
          new FormatScorer(Optional.of(Pattern.compile("[a-z]+")), Optional.empty(), 64));
      scorers.put(
          "format_schema",
          new FormatScorer(Optional.empty(), Optional.of("{\"type\": \"string\"}"), 64));
      scorers.put("reward_model", new RewardModelScorer(model));
      Map<String, Long> nanos = new LinkedHashMap<>();
      scorers.keySet().forEach(k -> nanos.put(k, 0L));
      for (int round = 0; round < 6; round++) {
        for (var entry : scorers.entrySet()) {
          long t0 = System.nanoTime();
          double sum = 0;
          for (ModelOutput o : outputs) {
            sum += entry.getValue().score(o);
          }
          long dt = System.nanoTime() - t0;
          if (round > 0) { // round 0 warms up the JIT
            nanos.merge(entry.getKey(), dt, Long::sum);
          }
          assertEquals(true, sum >= 0 && sum <= outputs.size());
        }
      }
      double base = nanos.get("label_match");
      nanos.forEach(
          (name, ns) ->
              System.out.printf(
                  "%-14s %8.2f µs/output  %6.1fx label_match%n",
                  name, ns / 5.0 / outputs.size() / 1000, ns / base));
    }
  }
}
