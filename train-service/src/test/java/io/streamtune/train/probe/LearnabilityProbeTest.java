package io.streamtune.train.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.payload.TaskKind;
import io.streamtune.sample.TopicTask;
import io.streamtune.train.training.TrainExample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The probe learns what the text says, cannot learn shuffled labels, and costs microseconds. */
class LearnabilityProbeTest {

  private static List<TrainExample> topic(long seed, int n, boolean shuffled) {
    TopicTask task = new TopicTask(seed);
    Random r = new Random(seed + 1);
    List<TrainExample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TopicTask.Example e = task.next();
      String label = shuffled ? TopicTask.LABELS.get(r.nextInt(4)) : e.label();
      out.add(new TrainExample("r" + i, TaskKind.LABEL, e.text(), label));
    }
    return out;
  }

  @Test
  void theBaselineLearnsTheTopicTaskFromTwoHundredRecords() {
    LearnabilityProbe p = new LearnabilityProbe();
    p.learn(topic(1, 200, false));
    Baseline b = p.evaluate(topic(99, 200, false));
    assertEquals(200, b.labelRecords());
    assertEquals(200, b.heldOutLabels());
    assertTrue(b.accuracy() > 0.9, "accuracy " + b.accuracy());
    assertTrue(b.majorityShare() < 0.4, "four balanced labels: " + b.majorityShare());
    assertEquals(b, p.last());
  }

  @Test
  void shuffledLabelsStayAtTheMajorityShare() {
    LearnabilityProbe p = new LearnabilityProbe();
    p.learn(topic(1, 2000, true));
    Baseline b = p.evaluate(topic(99, 400, true));
    assertTrue(
        b.accuracy() < b.majorityShare() + 0.05,
        "accuracy " + b.accuracy() + " majority " + b.majorityShare());
  }

  @Test
  void theCharacterModelPredictsLearnedTextBetterThanUniform() {
    LearnabilityProbe p = new LearnabilityProbe();
    List<TrainExample> train = new ArrayList<>();
    for (TrainExample e : topic(1, 500, false)) {
      train.add(new TrainExample(e.recordId(), TaskKind.GENERATION, e.prompt(), e.prompt()));
    }
    p.learn(train);
    List<TrainExample> held = new ArrayList<>();
    for (TrainExample e : topic(99, 100, false)) {
      held.add(new TrainExample(e.recordId(), TaskKind.GENERATION, e.prompt(), e.prompt()));
    }
    Baseline b = p.evaluate(held);
    assertEquals(100, b.heldOutGenerations());
    assertTrue(b.lossPerByte() < 0.5 * Math.log(257), "loss/byte " + b.lossPerByte());
    assertTrue(Double.isNaN(b.accuracy()), "no label records, no accuracy");
  }

  /** Prints the cost per record (a ratio to nothing: read it, no timing is asserted). */
  @Test
  void printsTheCostPerRecord() {
    LearnabilityProbe p = new LearnabilityProbe();
    List<TrainExample> records = topic(3, 20_000, false);
    long t0 = System.nanoTime();
    for (int i = 0; i < records.size(); i += 32) {
      p.learn(records.subList(i, Math.min(records.size(), i + 32)));
    }
    double us = (System.nanoTime() - t0) / 1e3 / records.size();
    System.out.printf("PROBE learn %.2f µs per label record%n", us);
    assertEquals(20_000, p.evaluate(records.subList(0, 10)).labelRecords());
  }
}
