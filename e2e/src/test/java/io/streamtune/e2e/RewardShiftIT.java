package io.streamtune.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.streamtune.common.JsonSerde;
import io.streamtune.sample.TopicTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reward changes what the model says, across all three services on one real broker. The trainer
 * that {@code ./streamtune up} starts runs with λ = 0; a second trainer (the same jar, seed and
 * settings, its own port, folder and model name: a hyperparameter variant, as the README scales
 * them) runs with λ > 0. Both fine-tune on the same records.clean from the seeded demo stream, and
 * the reward service scores every sampled output of both with a keywords reward that wants the word
 * "sports". After both have trained the same number of steps, the λ > 0 model answers "sports" for
 * many more held-out texts about other topics than the λ = 0 model does.
 */
class RewardShiftIT {

  static final String PREFERRED = "sports";
  static final long STEPS = 200;
  static final double LAMBDA = 2.0;

  /**
   * The seed of both trainers' weights and sampling: 42 in the build; {@code
   * -Dstreamtune.rewardshift.seed=N} reruns it on another (measured on 42, 7 and 2026).
   */
  static final long SEED = Long.getLong("streamtune.rewardshift.seed", 42);

  /** Settings both trainers share; the reward service reads its own from the same options. */
  static final String COMMON =
      "-Dreward.scorers=keywords -Dreward.keywords.required="
          + PREFERRED
          + " -Dtrain.model.seed="
          + SEED
          + " -Dtrain.outputs.fraction=0.5"
          // a reward that is 0 for every output at first must not be switched off as dead
          + " -Dtrain.doctor.act.drop-lambda-on-dead-reward=false";

  @TempDir Path home;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aPositiveLambdaShiftsTheModelTowardTheRewardedCompletion() throws Exception {
    try (Launcher launcher =
        new Launcher(home)
            .env("STREAMTUNE_DEMO_RATE", "400")
            .env("STREAMTUNE_JAVA_OPTS", COMMON + " -Dtrain.rewards.lambda=0")) {
      Launcher.Result up = launcher.run(400, "up", "--demo", "--detach");
      assertEquals(0, up.exitCode(), up.output());
      String plain = launcher.url("train");
      int port = Launcher.freePort();
      String rewarded = "http://localhost:" + port;
      Process variant = startVariant(launcher, port);
      try {
        // each model is asked the moment it reaches the step, so both answer after equal training
        List<String> texts = heldOutTextsNotAbout(PREFERRED, 80);
        Share zero = null;
        Share positive = null;
        long deadline = System.currentTimeMillis() + 480_000;
        while (zero == null || positive == null) {
          assertTrue(variant.isAlive(), "the λ>0 trainer exited: " + variantLog());
          if (System.currentTimeMillis() > deadline) {
            throw new AssertionError(
                "waited 480 s for step " + STEPS + "; " + status(plain) + " / " + status(rewarded));
          }
          if (zero == null && reached(plain)) {
            zero = share(plain, texts);
          }
          if (positive == null && reached(rewarded)) {
            positive = share(rewarded, texts);
          }
          Thread.sleep(250);
        }
        JsonNode a = status(plain);
        JsonNode b = status(rewarded);
        assertEquals(0.0, a.path("lambda").asDouble(), a.toString());
        assertEquals(LAMBDA, b.path("lambda").asDouble(), 1e-9, b.toString());
        assertTrue(b.path("rewards").path("used").asLong() >= 50, b.toString());
        System.out.printf(
            Locale.ROOT,
            "RewardShiftIT (seed %d): '%s' answered for %.2f (λ=0, step %d) vs %.2f (λ=%.1f, step"
                + " %d) of %d texts about other topics; mean p('%s') %.3f vs %.3f%n",
            SEED,
            PREFERRED,
            zero.answered(),
            zero.step(),
            positive.answered(),
            LAMBDA,
            positive.step(),
            texts.size(),
            PREFERRED,
            zero.probability(),
            positive.probability());
        assertTrue(
            positive.answered() >= zero.answered() + 0.25,
            "λ>0 should answer '" + PREFERRED + "' far more often: " + positive + " vs " + zero);
        // The mass moves with it: sampled labels carry their log-probability, so the reward term
        // is the policy gradient itself, and the push no longer fades as it did with argmax
        // answers (+0.14 to +0.70 then; now +0.69, +0.82 and +0.73 on seeds 42, 7 and 2026)
        assertTrue(positive.probability() > zero.probability() + 0.2, positive + " vs " + zero);
      } finally {
        variant.destroy();
        if (!variant.waitFor(60, TimeUnit.SECONDS)) {
          variant.destroyForcibly();
        }
      }
    }
  }

  /** The λ > 0 trainer: the packaged service, as the launcher starts one, with its own folder. */
  private Process startVariant(Launcher launcher, int port) throws Exception {
    Path dir = Files.createDirectories(home.resolve("train-rewarded"));
    Path log = home.resolve("logs").resolve("train-rewarded.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dai.djl.offline=true");
    command.addAll(List.of(COMMON.split(" ")));
    command.add("-Dtrain.rewards.lambda=" + LAMBDA);
    command.add("-Dtrain.model.name=streamtune-tiny-rewarded");
    command.add("-jar");
    command.add(
        Repo.root()
            .resolve("train-service/target/quarkus-app/quarkus-run.jar")
            .toAbsolutePath()
            .toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", launcher.bootstrap());
    pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    pb.environment().put("TRAIN_DOCTOR_QUALITY_URL", launcher.url("ingest") + "/quality");
    return pb.start();
  }

  private boolean reached(String train) throws Exception {
    JsonNode s = status(train);
    return s != null && s.path("step").asLong() >= STEPS;
  }

  private String variantLog() throws java.io.IOException {
    return Files.readString(home.resolve("logs/train-rewarded.log"));
  }

  /** Texts the trainers never saw as such: the sample task's own generator, another seed. */
  static List<String> heldOutTextsNotAbout(String label, int n) {
    TopicTask task = new TopicTask(20_261_201L);
    List<String> texts = new ArrayList<>();
    while (texts.size() < n) {
      TopicTask.Example e = task.next();
      if (!e.label().equals(label)) {
        texts.add(e.text());
      }
    }
    return texts;
  }

  /** How often a model answers the preferred label, and its mean probability, on {@code texts}. */
  record Share(double answered, double probability, long step) {}

  private Share share(String train, List<String> texts) throws Exception {
    ArrayNode body = JsonSerde.MAPPER.createArrayNode();
    texts.forEach(t -> body.addObject().put("text", t));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(train + "/train/predict"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    int answered = 0;
    double probability = 0;
    long step = 0;
    for (JsonNode a : JsonSerde.MAPPER.readTree(response.body())) {
      answered += a.path("completion").asText().equals(PREFERRED) ? 1 : 0;
      probability += a.path("probabilities").path(PREFERRED).asDouble();
      step = a.path("modelVersion").asLong();
    }
    return new Share(answered / (double) texts.size(), probability / texts.size(), step);
  }

  private JsonNode status(String train) throws Exception {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(train + "/train/status"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JsonSerde.MAPPER.readTree(r.body()) : null;
    } catch (java.io.IOException e) {
      return null; // the variant is still starting
    }
  }
}
