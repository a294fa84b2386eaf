package io.streamtune.train.pretrained;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.train.TopicTaskFeed;
import io.streamtune.train.doctor.DoctorProbe;
import io.streamtune.train.safetensors.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The train service fine-tunes a pretrained GPT-2 folder (train.model.path) exactly as it trains
 * the built-in model: the folder decides the architecture, records from a real broker train it, and
 * predictions come from the fine-tuned weights.
 */
@QuarkusTest
@TestProfile(PretrainedServiceIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class PretrainedServiceIT {

  static final TinyGpt2 TINY = new TinyGpt2(21);
  static final Path CHECKPOINTS =
      Path.of("target/it-checkpoints/pretrained-" + System.nanoTime()).toAbsolutePath();

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        // train.model.name is left at its default: the run is named for the folder
        Path folder = TINY.write(Files.createTempDirectory("pt-").resolve("tiny-gpt2"), DType.F32);
        return Map.of(
            "train.model.path", folder.toString(),
            "train.checkpoint.dir", CHECKPOINTS.toString(),
            "train.checkpoint.every-steps", "20",
            "train.optimizer.batch-size", "8",
            "train.optimizer.learning-rate", "0.003",
            "train.eval.every-steps", "10",
            "train.outputs.fraction", "0",
            "train.doctor.enabled", "false");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void fineTunesThePretrainedFolderFromTheStream() throws Exception {
    long folderParameters =
        TINY.shapes.values().stream()
            .mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b))
            .sum();
    assertEquals(folderParameters, status().getLong("parameters"), "the folder's architecture");
    assertEquals("tiny-gpt2", status().getString("model"), "named for its folder");
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("streamtune_train_model_info{")
                        && l.contains("model=\"tiny-gpt2\"")),
        "model info metric");

    TopicTaskFeed.send(
        KafkaTestResource.running().clientConfig(), Topics.RECORDS_EVAL, "pt-eval", 3, 40);
    TopicTaskFeed.send(
        KafkaTestResource.running().clientConfig(), Topics.RECORDS_CLEAN, "pt-train", 5, 400);

    long deadline = System.currentTimeMillis() + 180_000;
    JsonPath s = status();
    while ((s.getLong("step") < 30 || s.get("evalLoss") == null)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
      s = status();
    }
    assertTrue(s.getLong("step") >= 30, "steps trained on the pretrained model: " + s.prettify());
    double trainLoss = s.getDouble("trainLoss");
    assertTrue(Double.isFinite(trainLoss) && trainLoss > 0, "train loss " + trainLoss);
    assertTrue(Double.isFinite(s.getDouble("evalLoss")), "eval loss " + s.get("evalLoss"));

    JsonPath answer =
        given()
            .contentType(ContentType.JSON)
            .body("{\"text\":\"the striker scored a goal\"}")
            .post("/train/predict")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertTrue(answer.prettify().contains("completion"), answer.prettify());
    assertTrue(
        Files.isDirectory(CHECKPOINTS.resolve("tiny-gpt2")),
        "checkpoints under the run's name: " + CHECKPOINTS);
    List<TrainEvent> events = DoctorProbe.events();
    assertTrue(
        events.stream().anyMatch(e -> e.type().equals("checkpoint")),
        "a checkpoint event: " + events);
    assertTrue(
        events.stream().allMatch(e -> "tiny-gpt2".equals(e.model())),
        "train.events name the run for its folder: " + events);
  }

  private static JsonPath status() {
    return given().get("/train/status").then().statusCode(200).extract().jsonPath();
  }
}
