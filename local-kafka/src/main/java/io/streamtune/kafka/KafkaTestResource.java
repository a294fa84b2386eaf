package io.streamtune.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.streamtune.common.TopicAdmin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Gives a {@code @QuarkusTest} a fresh real broker (new data folder, free ports) with every
 * registry topic created, and hands its address to the application as {@code
 * kafka.bootstrap.servers}, with a fresh Kafka Streams state folder. Use with
 * {@code @QuarkusTestResource(KafkaTestResource.class)}.
 *
 * <p>Argument {@code partitions} (e.g. {@code "records.raw=2"}) overrides partition counts.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

  private static volatile LocalKafka running;

  private LocalKafka kafka;
  private Path dataDir;
  private String partitions;

  /** The broker of the test resource that is running now, for test code that talks to it. */
  public static LocalKafka running() {
    if (running == null) {
      throw new IllegalStateException("no KafkaTestResource is running");
    }
    return running;
  }

  @Override
  public void init(Map<String, String> initArgs) {
    partitions = initArgs.get("partitions");
  }

  @Override
  public Map<String, String> start() {
    try {
      dataDir = Files.createTempDirectory("streamtune-kafka-");
      kafka = LocalKafka.startOnFreePorts(dataDir);
      TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions(partitions), 60_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("test broker did not come up", e);
    }
    running = kafka;
    // A new broker needs new Streams state: local stores from another broker would replay
    // records that this one has never seen.
    return Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(),
        "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
        "kafka-streams.state.dir", dataDir.resolve("streams-state").toString());
  }

  @Override
  public void stop() {
    running = null;
    if (kafka != null) {
      kafka.close();
    }
    deleteQuietly(dataDir);
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp folder is harmless
    }
  }
}
