package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml is checked by structure: the images and builds
 * exist, each service is given the broker's in-network address, ports are right, scaled services
 * can scale, and Prometheus scrapes exactly the services compose runs.
 */
class ComposeFileTest {

  static final Path ROOT = Repo.root();

  private static final Map<String, Integer> SERVICE_PORTS =
      Map.of("ingest", 8081, "train", 8082, "reward", 8083);

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      return new Yaml().load(in);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> services() throws IOException {
    return (Map<String, Object>) load(ROOT.resolve("docker-compose.yml")).get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> service(String name) throws IOException {
    Map<String, Object> s = (Map<String, Object>) services().get(name);
    assertNotNull(s, "docker-compose.yml has no service " + name);
    return s;
  }

  @Test
  void runsKafkaTheThreeServicesPrometheusAndGrafana() throws IOException {
    assertTrue(
        services()
            .keySet()
            .containsAll(
                Set.of("kafka", "topics", "ingest", "train", "reward", "prometheus", "grafana")),
        services().keySet().toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void kafkaIsTheOfficialKraftImageAtTheClientsVersion() throws IOException {
    Map<String, Object> kafka = service("kafka");
    assertEquals("apache/kafka:4.1.2", kafka.get("image"));
    Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
    assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
    assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").toString().contains("PLAINTEXT://kafka:9092"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachServiceIsBuiltFromItsPackagedJarAndGivenTheBrokersAddress() throws IOException {
    for (var entry : SERVICE_PORTS.entrySet()) {
      Map<String, Object> s = service(entry.getKey());
      Map<String, Object> build = (Map<String, Object>) s.get("build");
      assertNotNull(build, entry.getKey() + " has no build");
      Path dockerfile =
          ROOT.resolve(build.get("context").toString()).resolve(build.get("dockerfile").toString());
      assertTrue(Files.isRegularFile(dockerfile), "missing " + dockerfile);
      String module = ((Map<String, Object>) build.get("args")).get("SERVICE").toString();
      assertTrue(
          Files.isRegularFile(ROOT.resolve(module).resolve("pom.xml")), "no module " + module);
      Map<String, Object> env = (Map<String, Object>) s.get("environment");
      assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"), entry.getKey());
      assertEquals(String.valueOf(entry.getValue()), env.get("QUARKUS_HTTP_PORT").toString());
      assertTrue(
          env.get("STREAMTUNE_API_KEY").toString().startsWith("${STREAMTUNE_API_KEY:?"),
          "the API key must come from the environment, never the file");
      assertFalse(
          s.containsKey("container_name"), entry.getKey() + ": container_name blocks --scale");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void scaledServicesPublishNoSingleFixedHostPort() throws IOException {
    for (String name : List.of("ingest", "reward")) {
      for (Object port : (List<Object>) service(name).getOrDefault("ports", List.of())) {
        String hostPart = port.toString().contains(":") ? port.toString().split(":")[0] : "";
        assertTrue(hostPart.isEmpty() || hostPart.contains("-"), name + " publishes " + port);
      }
    }
    assertEquals(List.of("8082:8082"), service("train").get("ports"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesExactlyTheComposeServices() throws IOException {
    Map<String, Object> prometheus = service("prometheus");
    List<String> volumes = (List<String>) prometheus.get("volumes");
    assertTrue(volumes.contains("./metrics/prometheus:/etc/prometheus:ro"), volumes.toString());
    String configArg =
        ((List<String>) prometheus.get("command"))
            .stream().filter(a -> a.startsWith("--config.file=")).findFirst().orElseThrow();
    Path config =
        ROOT.resolve("metrics/prometheus")
            .resolve(Path.of(configArg.substring("--config.file=".length())).getFileName());
    assertTrue(Files.isRegularFile(config), "compose points Prometheus at missing " + config);

    Set<String> targets = new TreeSet<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) load(config).get("scrape_configs")) {
      for (Map<String, Object> sd :
          (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
        for (String name : (List<String>) sd.get("names")) {
          targets.add(name + ":" + sd.get("port"));
        }
      }
      for (Map<String, Object> sc :
          (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
        targets.addAll((List<String>) sc.get("targets"));
      }
    }
    Set<String> expected = new TreeSet<>();
    SERVICE_PORTS.forEach((name, port) -> expected.add(name + ":" + port));
    assertTrue(targets.containsAll(expected), "scrape targets " + targets + " miss " + expected);
    for (String target : targets) {
      String host = target.split(":")[0];
      assertTrue(
          services().containsKey(host) || host.equals("localhost"),
          "Prometheus scrapes " + target + " which compose does not run");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaProvisioningAndDashboardsExist() throws IOException {
    for (String volume : (List<String>) service("grafana").get("volumes")) {
      Path source = ROOT.resolve(volume.split(":")[0]);
      assertTrue(Files.isDirectory(source), "grafana mounts missing " + source);
    }
  }
}
