package io.streamtune.train;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.streamtune.common.Topics;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (no *Test/*IT suffix: it runs only when asked):
 *
 * <pre>
 * ./mvnw -B -pl train-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=PredictAbuseBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The real service (real broker, the default tiny model, outputs sampled every step, predict open
 * as in the local demo) trains on a stream while phases of 12 s alternate: quiet; the issue's 4
 * abusive clients (two posting 256 inputs of 38 kB, two posting 256 generation prompts, each
 * sending again as soon as it has an answer); quiet; and 4 clients flooding requests that are
 * within budget (256 short texts, 64 prompts). Prints the training steps/s of each phase and each
 * loaded phase's ratio to the mean of the quiet ones beside it (target ≥ 0.8), and the answers the
 * clients got. Figures go to target/benchmark-predict.txt too.
 */
@QuarkusTest
@TestProfile(PredictAbuseBenchmark.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class PredictAbuseBenchmark {

  static final int RECORDS = 80_000;
  static final Duration PHASE = Duration.ofSeconds(12);
  static final int ROUNDS = 2;
  static final ObjectMapper JSON = new ObjectMapper();

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = new HashMap<>();
      c.put("streamtune.api-key", "bench-key");
      c.put("train.model.name", "predict-bench");
      c.put("train.model.labels", String.join(",", TopicTask.LABELS));
      c.put("train.checkpoint.dir", "target/bench-checkpoints/" + System.nanoTime());
      c.put("train.data.passes", "100");
      return c;
    }
  }

  /** A client that posts {@code body} again as soon as it has an answer, counting answers. */
  static final class Client extends Thread {
    final byte[] body;
    final AtomicBoolean on;
    final Map<String, LongAdder> answers;
    final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Client(String name, byte[] body, AtomicBoolean on, Map<String, LongAdder> answers) {
      super(name);
      setDaemon(true);
      this.body = body;
      this.on = on;
      this.answers = answers;
    }

    @Override
    public void run() {
      URI uri = URI.create("http://localhost:" + RestAssured.port + "/train/predict");
      while (on.get()) {
        String outcome;
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(60))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          outcome = Integer.toString(r.statusCode());
        } catch (IOException e) {
          outcome = "closed";
        } catch (InterruptedException e) {
          return;
        }
        answers.computeIfAbsent(getName() + " " + outcome, k -> new LongAdder()).increment();
      }
    }
  }

  static byte[] body(String field, String value, int n) throws IOException {
    ArrayNode a = JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      a.addObject().put(field, value + " " + i);
    }
    return JSON.writeValueAsBytes(a);
  }

  static long step() {
    return given().get("/train/status").then().statusCode(200).extract().jsonPath().getLong("step");
  }

  /** Steps/s over one phase, with {@code clients} (none: quiet) running through it. */
  static double phase(List<Client> clients, AtomicBoolean on) throws InterruptedException {
    on.set(true);
    clients.forEach(Thread::start);
    Thread.sleep(1000); // let the load settle before counting
    long from = step();
    long t0 = System.nanoTime();
    Thread.sleep(PHASE.toMillis());
    double rate = (step() - from) / ((System.nanoTime() - t0) / 1e9);
    on.set(false);
    for (Client c : clients) {
      c.interrupt();
      c.join(70_000);
    }
    return rate;
  }

  @Test
  void trainingKeepsItsPaceUnderAbusiveClients() throws Exception {
    TopicTaskFeed.send(
        KafkaTestResource.running().clientConfig(), Topics.RECORDS_CLEAN, "bench", 5, RECORDS);
    long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (step() < 30 && System.nanoTime() < end) {
      Thread.sleep(500);
    }
    assertTrue(step() >= 30, "training did not start");
    byte[] big = body("text", "y".repeat(38_000), 256); // 9.7 MB
    byte[] prompts = body("prompt", "tell me a long story about", 256);
    byte[] texts = body("text", "the striker scored a late goal for the team", 256);
    byte[] fewPrompts = body("prompt", "the weather tomorrow", 64);
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-8s %-10s %9s %7s  %s",
            "round", "phase", "steps/s", "ratio", "answers (client status: n)"));
    List<Double> ratios = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      double[] quiet = new double[3];
      Map<String, LongAdder> abusive = new ConcurrentHashMap<>();
      Map<String, LongAdder> valid = new ConcurrentHashMap<>();
      AtomicBoolean on = new AtomicBoolean();
      quiet[0] = phase(List.of(), on);
      double abused =
          phase(
              List.of(
                  new Client("big1", big, on, abusive),
                  new Client("big2", big, on, abusive),
                  new Client("gen1", prompts, on, abusive),
                  new Client("gen2", prompts, on, abusive)),
              on);
      quiet[1] = phase(List.of(), on);
      double flooded =
          phase(
              List.of(
                  new Client("texts1", texts, on, valid),
                  new Client("texts2", texts, on, valid),
                  new Client("prompts1", fewPrompts, on, valid),
                  new Client("prompts2", fewPrompts, on, valid)),
              on);
      quiet[2] = phase(List.of(), on);
      double abusedRatio = abused / ((quiet[0] + quiet[1]) / 2);
      double floodedRatio = flooded / ((quiet[1] + quiet[2]) / 2);
      ratios.add(abusedRatio);
      lines.add(String.format("%-8d %-10s %9.2f %7s", round, "quiet", quiet[0], ""));
      lines.add(
          String.format(
              "%-8d %-10s %9.2f %7.3f  %s",
              round, "abusive", abused, abusedRatio, new TreeMap<>(abusive)));
      lines.add(String.format("%-8d %-10s %9.2f %7s", round, "quiet", quiet[1], ""));
      lines.add(
          String.format(
              "%-8d %-10s %9.2f %7.3f  %s",
              round, "in-budget", flooded, floodedRatio, new TreeMap<>(valid)));
      lines.add(String.format("%-8d %-10s %9.2f %7s", round, "quiet", quiet[2], ""));
    }
    lines.add(
        String.format(
            "abusive clients: training at %.3f x its quiet steps/s (mean of %d rounds; target >= 0.8)",
            ratios.stream().mapToDouble(d -> d).average().orElse(Double.NaN), ratios.size()));
    String report = String.join("\n", lines);
    System.out.println("\n==== PredictAbuseBenchmark ====\n" + report + "\n");
    Files.writeString(
        Path.of("target", "benchmark-predict.txt"), report + "\n", StandardCharsets.UTF_8);
  }
}
