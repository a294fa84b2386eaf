package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.Topic;
import io.streamtune.common.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job, end to end: {@code ./streamtune up} starts a real broker and the three services as
 * separate JVMs, they become healthy and see the topics, and {@code ./streamtune down} leaves no
 * process behind.
 */
class LauncherIT {

  @TempDir Path home;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void upStartsBrokerAndHealthyServicesAndDownLeavesNoProcess() throws Exception {
    Map<String, Long> pids;
    try (Launcher launcher = new Launcher(home)) {
      Launcher.Result up = launcher.run(400, "up");
      assertEquals(0, up.exitCode(), () -> up.output() + logs(launcher));
      assertTrue(up.output().contains("Streamtune is up"), up.output());

      // A real broker holds every registry topic.
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, launcher.bootstrap()))) {
        Set<String> topics = admin.listTopics().names().get();
        for (Topic<?, ?> t : Topics.ALL) {
          assertTrue(topics.contains(t.name()), "missing topic " + t.name() + " in " + topics);
        }
      }

      // Every service is ready (its readiness includes Kafka) and exports Streamtune metrics.
      for (String service : List.of("ingest", "train", "reward")) {
        HttpResponse<String> ready = get(launcher.url(service) + "/q/health/ready");
        assertEquals(200, ready.statusCode(), service + ": " + ready.body());
        assertTrue(ready.body().contains("\"UP\""), ready.body());
        HttpResponse<String> metrics = get(launcher.url(service) + "/q/metrics");
        assertEquals(200, metrics.statusCode(), service);
        assertTrue(
            metrics.body().contains("streamtune_" + service),
            service + " exports no streamtune_" + service + "_* metric");
      }

      // The generated API key is private to its owner.
      Path key = home.resolve("api-key");
      assertTrue(Files.size(key) >= 32, "api key too short");
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(key));

      // `up` again is harmless: everything is already running.
      Launcher.Result again = launcher.run(120, "up");
      assertEquals(0, again.exitCode(), again.output());
      assertTrue(again.output().contains("already running"), again.output());

      Launcher.Result status = launcher.run(60, "status");
      assertEquals(0, status.exitCode(), status.output());
      assertTrue(status.output().contains("running, ready"), status.output());
      assertTrue(status.output().contains("ingest:"), status.output());

      pids = launcher.pids();
      assertEquals(Set.of("kafka", "ingest", "train", "reward"), pids.keySet());
      pids.values().forEach(pid -> assertTrue(ProcessHandle.of(pid).isPresent(), "pid " + pid));

      Launcher.Result down = launcher.run(120, "down");
      assertEquals(0, down.exitCode(), down.output());
    }
    for (var entry : pids.entrySet()) {
      assertFalse(
          ProcessHandle.of(entry.getValue()).map(ProcessHandle::isAlive).orElse(false),
          entry.getKey() + " (pid " + entry.getValue() + ") still runs after down");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String logs(Launcher launcher) {
    StringBuilder sb = new StringBuilder();
    for (String name : List.of("kafka", "ingest", "train", "reward")) {
      try {
        String log = launcher.log(name);
        sb.append("\n--- ")
            .append(name)
            .append(" ---\n")
            .append(log.substring(Math.max(0, log.length() - 3000)));
      } catch (Exception e) {
        sb.append("\n(no ").append(name).append(" log)");
      }
    }
    return sb.toString();
  }
}
