package io.streamtune.ingest.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.streamtune.sample.MessyStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Gives the app a fresh random API key (no key lives in the repository) and a fresh Kafka Streams
 * state folder (the test broker is new every run, and a running service may hold the default one).
 */
public class IngestTestResource implements QuarkusTestResourceLifecycleManager {

  static final String KEY = UUID.randomUUID().toString();

  private Path stateDir;

  @Override
  public Map<String, String> start() {
    try {
      stateDir = Files.createTempDirectory("ingest-it-state-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> config = new java.util.HashMap<>(MessyStream.demoIngestConfig());
    config.put("streamtune.api-key", KEY);
    config.put("kafka-streams.state.dir", stateDir.toString());
    return config;
  }

  @Override
  public void stop() {
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp folder is harmless
    }
  }
}
