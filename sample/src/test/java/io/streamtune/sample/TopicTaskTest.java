package io.streamtune.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTaskTest {

  @Test
  void labelIsTheRuleOfTheText() {
    TopicTask task = new TopicTask(7);
    for (int i = 0; i < 1_000; i++) {
      TopicTask.Example e = task.next();
      assertEquals(e.label(), TopicTask.labelOf(e.text()), e.text());
    }
  }

  @Test
  void sameSeedSameExamplesAndLabelsRoughlyBalanced() {
    TopicTask a = new TopicTask(42);
    TopicTask b = new TopicTask(42);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 4_000; i++) {
      TopicTask.Example e = a.next();
      assertEquals(e, b.next());
      counts.merge(e.label(), 1, Integer::sum);
    }
    assertEquals(4, counts.size());
    counts.values().forEach(n -> assertEquals(1_000, n, 150));
  }
}
