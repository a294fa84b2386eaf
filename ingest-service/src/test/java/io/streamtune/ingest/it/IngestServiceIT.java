package io.streamtune.ingest.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.kafka.RawHttp;
import io.streamtune.sample.MessyStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service against a real broker: 10,000 MessyStream records in, every count checked exactly
 * (topics, metrics, /quality), then uploads through POST /records.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = IngestTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestServiceIT {

  static final int N = 10_000;
  static final Duration GUARD = Duration.ofMinutes(3);

  @Test
  @Order(1)
  void tenThousandMessyRecordsEndExactlyWhereTheyShould() throws Exception {
    MessyStream messy = new MessyStream(20261126L);
    Map<String, Object> config = new HashMap<>(KafkaTestResource.running().clientConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < N; i++) {
        MessyStream.Line line = messy.next();
        byte[] key = line.group() == null ? null : line.group().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), key, line.value()));
      }
      producer.flush();
    }
    Map<String, Long> expected = messy.tally();
    long admitted = expected.remove(MessyStream.ADMITTED);

    try (Outputs out = new Outputs(KafkaTestResource.running().clientConfig())) {
      out.awaitTotal(N, GUARD).settle();
      // conservation, by source offset: every input exactly once, nothing else
      Set<SourceRef> sources = new HashSet<>();
      Stream.of(out.clean, out.eval)
          .flatMap(List::stream)
          .forEach(r -> assertTrue(sources.add(r.source()), "twice: " + r.source()));
      out.rejected.forEach(r -> assertTrue(sources.add(r.source()), "twice: " + r.source()));
      assertEquals(N, sources.size());
      assertEquals(N, out.total());

      assertEquals(admitted, out.clean.size() + out.eval.size());
      Map<String, Long> reasons = new TreeMap<>();
      out.rejected.forEach(r -> reasons.merge(r.reason(), 1L, Long::sum));
      assertEquals(expected, reasons);

      Set<String> ids = new HashSet<>();
      Stream.of(out.clean, out.eval)
          .flatMap(List::stream)
          .forEach(r -> assertTrue(ids.add(r.id()), "admitted twice: " + r.id()));
      for (RejectedRecord r : out.rejected) {
        if (Set.of("duplicate", "near_duplicate", "label_conflict").contains(r.reason())) {
          assertTrue(ids.contains(r.collidedWith()), "collided with a record never kept");
        }
      }
      double evalShare = out.eval.size() / (double) admitted;
      assertTrue(evalShare > 0.02 && evalShare < 0.09, "eval share " + evalShare);
      for (CleanRecord r : out.clean) {
        assertTrue(Set.of("sports", "food", "tech", "weather").contains(r.completion()));
      }

      // the metrics say the same
      Map<String, Long> metrics = recordsMetric();
      assertEquals(out.clean.size(), metrics.get("clean/none"));
      assertEquals(out.eval.size(), metrics.get("eval/none"));
      expected.forEach((reason, n) -> assertEquals(n, metrics.get("rejected/" + reason), reason));

      // the application-wide counts are published once a second: wait for them to catch up
      JsonPath q = quality();
      for (long end = System.nanoTime() + GUARD.toNanos();
          q.getLong("total") < N && System.nanoTime() < end; ) {
        Thread.sleep(200);
        q = quality();
      }
      assertEquals(N, q.getLong("total"));
      assertTrue(q.getString("scope").startsWith("the whole application"), q.getString("scope"));
      assertEquals(out.rejected.size(), q.getLong("outcomes.rejected"));
      long validated =
          admitted
              + expected.get("duplicate")
              + expected.get("near_duplicate")
              + expected.get("label_conflict");
      assertEquals(
          expected.get("label_conflict") / (double) validated, q.getDouble("conflictRate"), 1e-4);
      assertTrue(
          q.getList("warnings", String.class).stream().anyMatch(w -> w.contains("conflict")),
          "no conflict warning: " + q.getList("warnings"));
    }
  }

  @Test
  @Order(2)
  void uploadsNeedTheKeyAndFlowThroughTheStream() {
    given()
        .contentType("application/x-ndjson")
        .body("{}".getBytes())
        .post("/records")
        .then()
        .statusCode(401);
    given()
        .header("X-API-Key", "wrong")
        .contentType("application/x-ndjson")
        .body("{}".getBytes())
        .post("/records")
        .then()
        .statusCode(401);
    given()
        .header("X-API-Key", IngestTestResource.KEY)
        .contentType("text/plain")
        .body("x".getBytes())
        .post("/records")
        .then()
        .statusCode(415);

    String ndjson =
        "{\"text\":\"upload one about the laptop battery\",\"label\":\"tech\"}\n"
            + "not json at all\n\n"
            + "{\"prompt\":\"upload question\",\"completion\":\"upload answer\"}\n";
    String array = "[{\"text\":\"upload two: the storm and the wind\",\"label\":\"Forecast\"},42]";
    String csv =
        "text,label\r\n\"upload three, with a comma and \"\"quotes\"\"\",food\r\n"
            + "\"upload four\nover two lines\",SPORTS\r\n";
    post("application/x-ndjson", ndjson).body("accepted", equalTo(3));
    post("application/json", array).body("accepted", equalTo(2));
    post("text/csv; charset=utf-8", csv).body("accepted", equalTo(2));

    try (Outputs out = new Outputs(KafkaTestResource.running().clientConfig())) {
      out.awaitTotal(N + 7, GUARD).settle();
      assertEquals(N + 7, out.total());
      Set<String> prompts = new HashSet<>();
      Stream.of(out.clean, out.eval).flatMap(List::stream).forEach(r -> prompts.add(r.prompt()));
      assertTrue(prompts.contains("upload three, with a comma and \"quotes\""), prompts.toString());
      assertTrue(prompts.contains("upload four over two lines"));
      assertTrue(prompts.contains("upload two: the storm and the wind"));
      assertTrue(prompts.contains("upload question"));
      long notJson =
          out.rejected.stream().filter(r -> "not json at all".equals(r.originalText())).count();
      assertEquals(1, notJson);
    }
    given().get("/q/health/ready").then().statusCode(200);
  }

  /**
   * The key is checked from the headers alone: an upload announcing 10 MB with no key or a wrong
   * one is answered 401 although not one body byte was sent; with the key (surrounded by spaces,
   * trimmed like the configured one) the service waits for the body.
   */
  @Test
  @Order(100)
  void aWrongKeyIsRejectedBeforeTheBodyIsRead() throws Exception {
    int port = RestAssured.port;
    long tenMb = 10L << 20;
    RawHttp.Reply none = RawHttp.headersOnly(port, "/records", null, tenMb, 30_000);
    assertEquals(401, none.status(), none.text());
    RawHttp.Reply wrong = RawHttp.headersOnly(port, "/records", "wrong", tenMb, 30_000);
    assertEquals(401, wrong.status(), wrong.text());
    RawHttp.Reply right =
        RawHttp.headersOnly(port, "/records", " " + IngestTestResource.KEY + " ", tenMb, 2_000);
    assertEquals(-1, right.status(), "with the key the service waits for the body: " + right);
  }

  private static io.restassured.response.ValidatableResponse post(String type, String body) {
    return given()
        .header("X-API-Key", IngestTestResource.KEY)
        .contentType(type)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .post("/records")
        .then()
        .statusCode(202);
  }

  private static JsonPath quality() {
    return given().get("/quality").then().statusCode(200).extract().jsonPath();
  }

  /** streamtune_ingest_records_total by "outcome/reason". */
  private static Map<String, Long> recordsMetric() {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Pattern p =
        Pattern.compile(
            "^streamtune_ingest_records_total\\{([^}]*)\\} ([0-9.Ee+]+)$", Pattern.MULTILINE);
    Map<String, Long> out = new HashMap<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      Matcher o = Pattern.compile("outcome=\"([^\"]*)\"").matcher(m.group(1));
      Matcher r = Pattern.compile("reason=\"([^\"]*)\"").matcher(m.group(1));
      if (o.find() && r.find()) {
        out.put(o.group(1) + "/" + r.group(1), (long) Double.parseDouble(m.group(2)));
      }
    }
    return out;
  }
}
