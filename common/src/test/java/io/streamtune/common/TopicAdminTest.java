package io.streamtune.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicAdminTest {

  @Test
  void everyRegistryTopicHasItsDefaultUnlessOverridden() {
    Map<String, Integer> counts = TopicAdmin.partitions(" records.raw = 6 ,model.outputs=2");
    assertEquals(Topics.ALL.size(), counts.size());
    assertEquals(6, counts.get("records.raw"));
    assertEquals(2, counts.get("model.outputs"));
    assertEquals(Topics.RECORDS_CLEAN.defaultPartitions(), counts.get("records.clean"));
  }

  @Test
  void aBadOverrideNamesTheEntry() {
    var unknown =
        assertThrows(IllegalArgumentException.class, () -> TopicAdmin.partitions("records.rwa=3"));
    assertTrue(unknown.getMessage().contains("records.rwa=3"), unknown.getMessage());
    var zero =
        assertThrows(IllegalArgumentException.class, () -> TopicAdmin.partitions("records.raw=0"));
    assertTrue(zero.getMessage().contains("at least 1"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TopicAdmin.partitions("records.raw=x"));
  }

  @Test
  void topicNamesAreUniqueAndFoundByName() {
    assertEquals(Topics.ALL.size(), Topics.ALL.stream().map(Topic::name).distinct().count());
    assertEquals(Topics.MODEL_REWARDS, Topics.byName("model.rewards").orElseThrow());
  }
}
