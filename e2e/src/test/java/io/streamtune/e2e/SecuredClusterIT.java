package io.streamtune.e2e;

import static io.streamtune.e2e.Services.get;
import static io.streamtune.e2e.Services.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.kafka.LocalKafka;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster: the local KRaft broker with a SASL_PLAINTEXT listener (PLAIN), and the three
 * services started by {@code ./streamtune up} against it with their credentials only in the
 * environment ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM}, {@code
 * KAFKA_SASL_JAAS_CONFIG}), which reach the plain clients and the Kafka Streams clients alike.
 * Records flow end to end: raw → ingest → clean → train → outputs → reward → rewards used in a
 * step. Then each service started with a wrong password exits at start-up naming the property.
 */
class SecuredClusterIT {

  static final String USER = "streamtune";
  static final String PASSWORD = "s3cret-" + System.nanoTime();

  @TempDir Path home;

  static String jaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + USER
        + "\" password=\""
        + password
        + "\";";
  }

  @Test
  void servicesRunOnSaslCredentialsFromTheEnvironmentAndWrongOnesFailAtStartUp() throws Exception {
    try (LocalKafka kafka =
        LocalKafka.startWithSaslPlainOnFreePorts(
            home.resolve("kafka"), Map.of(USER, PASSWORD, "admin", "admin-" + PASSWORD))) {
      String sasl = kafka.saslBootstrapServers();
      Path clientConfig = home.resolve("client.properties");
      Files.writeString(
          clientConfig,
          "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
              + jaas(PASSWORD)
              + "\n");
      try (Launcher launcher =
          new Launcher(home.resolve("stack"))
              .env("STREAMTUNE_BOOTSTRAP", sasl)
              .env("STREAMTUNE_CLIENT_CONFIG", clientConfig.toString())
              .env("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
              .env("KAFKA_SASL_MECHANISM", "PLAIN")
              .env("KAFKA_SASL_JAAS_CONFIG", jaas(PASSWORD))
              .env("STREAMTUNE_DEMO_RATE", "100")
              .env(
                  "STREAMTUNE_JAVA_OPTS",
                  "-Dtrain.rewards.lambda=0.5 -Dtrain.outputs.fraction=0.2"
                      + " -Dtrain.doctor.act.drop-lambda-on-dead-reward=false")) {
        Files.createDirectories(launcher.home);
        Launcher.Result up = launcher.run(400, "up", "--demo", "--detach");
        assertEquals(0, up.exitCode(), up.output());
        JsonNode s =
            waitFor(
                launcher.url("train"),
                st -> st.path("rewards").path("used").asLong() > 0,
                240,
                "rewards used in a step, on the SASL listener");
        assertTrue(s.path("samplesSeen").asLong() > 0, s.toString());
        for (String service : List.of("ingest", "train", "reward")) {
          HttpResponse<String> ready = get(launcher.url(service) + "/q/health/ready");
          assertEquals(200, ready.statusCode(), service + ": " + ready.body());
        }
      }

      // A wrong password: every service stops at start-up and says which property to fix.
      List<Process> started = new ArrayList<>();
      Map<String, Path> logs = new LinkedHashMap<>();
      for (String service : List.of("ingest", "train", "reward")) {
        Path dir = Files.createDirectories(home.resolve("wrong-" + service));
        Path log = dir.resolve(service + ".log");
        logs.put(service, log);
        ProcessBuilder pb =
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m",
                    "-Dai.djl.offline=true",
                    "-Dquarkus.http.port=" + Launcher.freePort(),
                    "-jar",
                    Repo.root()
                        .resolve(service + "-service/target/quarkus-app/quarkus-run.jar")
                        .toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", sasl);
        pb.environment().put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        pb.environment().put("KAFKA_SASL_MECHANISM", "PLAIN");
        pb.environment().put("KAFKA_SASL_JAAS_CONFIG", jaas("wrong"));
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        started.add(pb.start());
      }
      int i = 0;
      for (Map.Entry<String, Path> e : logs.entrySet()) {
        Process p = started.get(i++);
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
          p.destroyForcibly();
        }
        String log = Files.readString(e.getValue(), StandardCharsets.UTF_8);
        assertTrue(exited, e.getKey() + " still runs with a wrong password:\n" + tail(log));
        assertFalse(p.exitValue() == 0, e.getKey() + " exited 0");
        assertTrue(
            log.contains("rejected this service's credentials")
                && log.contains("KAFKA_SASL_JAAS_CONFIG"),
            e.getKey() + " does not name the property:\n" + tail(log));
      }
    }
  }

  private static String tail(String log) {
    return log.substring(Math.max(0, log.length() - 4000));
  }
}
