package io.streamtune.train.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.kafka.RawHttp;
import io.streamtune.sample.TopicTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bounds of /train/predict in the running service, with {@code streamtune.auth.predict=true}
 * (as docker-compose runs it): the key before the body, the body limit before the body, the work
 * budget before inference, and a full queue answered 429 with Retry-After.
 */
@QuarkusTest
@TestProfile(PredictLimitsIT.Profile.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class PredictLimitsIT {

  static final String KEY = "predict-it-key";

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> c = new HashMap<>();
      c.put("streamtune.api-key", KEY);
      c.put("streamtune.auth.predict", "true");
      c.put("train.model.name", "predict-it");
      c.put("train.model.labels", String.join(",", TopicTask.LABELS));
      c.put("train.model.layers", "2");
      c.put("train.model.embedding", "64");
      c.put("train.model.context-length", "96");
      c.put("train.checkpoint.dir", "target/it-checkpoints/predict-" + System.nanoTime());
      c.put("train.predict.queue", "0"); // one running, none waiting: the next is 429
      return c;
    }
  }

  static Response predict(Object body) {
    return given()
        .header("X-API-Key", KEY)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/train/predict");
  }

  static void awaitModel() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (predict(Map.of("text", "warm")).statusCode() == 503 && System.nanoTime() < end) {
      Thread.sleep(250);
    }
  }

  static List<Map<String, String>> many(String field, String value, int n) {
    List<Map<String, String>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Map.of(field, value + " " + i));
    }
    return out;
  }

  @Test
  void theKeyAndTheBodyLimitAreCheckedBeforeTheBodyIsRead() throws Exception {
    int port = RestAssured.port;
    RawHttp.Reply noKey = RawHttp.headersOnly(port, "/train/predict", null, 1 << 20, 30_000);
    assertEquals(401, noKey.status(), noKey.text());
    RawHttp.Reply admin =
        RawHttp.headersOnly(port, "/train/admin/hyperparameters", "wrong", 1 << 20, 30_000);
    assertEquals(401, admin.status(), admin.text());
    // 10 MB without the key: the key is checked first (401, not the limit's 413), unread
    RawHttp.Reply bigNoKey = RawHttp.headersOnly(port, "/train/predict", null, 10L << 20, 30_000);
    assertEquals(401, bigNoKey.status(), bigNoKey.text());
    RawHttp.Reply bigWrong =
        RawHttp.headersOnly(port, "/train/admin/hyperparameters", "wrong", 10L << 20, 30_000);
    assertEquals(401, bigWrong.status(), bigWrong.text());
    // 10 MB announced with the key, over quarkus.http.limits.max-body-size=2M: refused unread
    RawHttp.Reply tooBig = RawHttp.headersOnly(port, "/train/predict", KEY, 10L << 20, 30_000);
    assertEquals(413, tooBig.status(), tooBig.text());
    given().get("/train/status").then().statusCode(200); // reads stay open
  }

  @Test
  void theWorkBudgetIsCheckedBeforeInference() throws Exception {
    awaitModel();
    Response gen = predict(many("prompt", "tell me", 256));
    assertEquals(413, gen.statusCode(), gen.asString());
    assertTrue(gen.jsonPath().getString("error").contains("train.predict.max-new-tokens"));
    Response count = predict(many("text", "a goal", 257));
    assertEquals(413, count.statusCode(), count.asString());
    Response chars = predict(Map.of("text", "x".repeat(16_385)));
    assertEquals(413, chars.statusCode(), chars.asString());
    assertEquals(400, predict(Map.of("words", "x")).statusCode());
    Response ok = predict(many("prompt", "the weather", 2));
    assertEquals(200, ok.statusCode(), ok.asString());
    assertEquals(2, ok.jsonPath().getList("$").size());
  }

  /** With no room to wait, a request arriving while another computes is refused with a time. */
  @Test
  void aBusyServiceAnswers429WithRetryAfter() throws Exception {
    awaitModel();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Response busy = null;
      for (int attempt = 0; attempt < 20 && busy == null; attempt++) {
        Future<Response> big = pool.submit(() -> predict(many("text", "the striker ran", 256)));
        while (!big.isDone() && busy == null) {
          Response r = predict(Map.of("text", "small"));
          if (r.statusCode() == 429) {
            busy = r;
          } else {
            assertEquals(200, r.statusCode(), r.asString());
          }
        }
        // the big one can itself arrive while a small one holds the only slot: refused alike
        Response b = big.get(2, TimeUnit.MINUTES);
        if (b.statusCode() == 429) {
          busy = busy == null ? b : busy;
        } else {
          assertEquals(200, b.statusCode(), b.asString());
        }
      }
      assertTrue(busy != null, "no request was ever refused while another computed");
      long retryAfter = Long.parseLong(busy.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
      assertTrue(busy.jsonPath().getString("error").contains("train.predict.queue"));
    } finally {
      pool.shutdownNow();
    }
  }
}
