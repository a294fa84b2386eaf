package io.streamtune.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates Streamtune's topics idempotently: a topic that exists is left as it is, a missing one is
 * created with the partitions asked for and the cluster's default replication factor.
 */
public final class TopicAdmin {

  private TopicAdmin() {}

  /**
   * The partition count of each registry topic: its default unless {@code overrides} names it.
   *
   * @param overrides e.g. {@code "records.raw=6,model.outputs=2"}; blank for none
   * @throws IllegalArgumentException naming the entry when a topic or count is invalid
   */
  public static Map<String, Integer> partitions(String overrides) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Topics.ALL.forEach(t -> counts.put(t.name(), t.defaultPartitions()));
    if (overrides == null || overrides.isBlank()) {
      return counts;
    }
    for (String entry : overrides.split(",")) {
      String[] kv = entry.trim().split("=", 2);
      if (kv.length != 2 || !counts.containsKey(kv[0].trim())) {
        throw new IllegalArgumentException(
            "partition override '"
                + entry.trim()
                + "' must be TOPIC=N with TOPIC one of "
                + counts.keySet());
      }
      int n;
      try {
        n = Integer.parseInt(kv[1].trim());
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1) {
        throw new IllegalArgumentException(
            "partition override '" + entry.trim() + "' needs a whole number of at least 1");
      }
      counts.put(kv[0].trim(), n);
    }
    return counts;
  }

  /**
   * Creates each topic that does not exist yet.
   *
   * @return the names of the topics this call created
   */
  public static List<String> ensure(
      Map<String, Object> adminConfig, Map<String, Integer> partitions, long timeoutMs)
      throws InterruptedException, TimeoutException {
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      partitions.forEach(
          (name, n) -> {
            if (!existing.contains(name)) {
              missing.add(
                  new NewTopic(name, Optional.of(n), Optional.empty())
                      .configs(Topics.CONFIGS.getOrDefault(name, Map.of())));
            }
          });
      if (!missing.isEmpty()) {
        try {
          admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          // Another instance may have created it between list and create: that is success.
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
            throw new IllegalStateException("cannot create topics: " + e.getCause(), e.getCause());
          }
        }
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause(), e.getCause());
    }
  }
}
