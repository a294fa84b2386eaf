package io.streamtune.train.doctor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.streamtune.common.Topic;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.SourceRef;
import io.streamtune.common.payload.TaskKind;
import io.streamtune.common.payload.TrainEvent;
import io.streamtune.kafka.KafkaTestResource;
import io.streamtune.sample.TopicTask;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the doctor's service ITs look at and feed: the running service's diagnosis, status and
 * metrics over HTTP, the events it published on train.events, and records produced to its topics on
 * the test broker.
 */
public final class DoctorProbe {

  private DoctorProbe() {}

  /** The settings every doctor service IT shares: a small, fast model and frequent evaluation. */
  static Map<String, String> smallModel(String name) {
    Map<String, String> c = new HashMap<>();
    c.put("train.model.name", name);
    c.put("train.model.embedding", "64");
    c.put("train.model.context-length", "96");
    // The byte tokenizer, as TrainServiceIT: these short topic-task texts are learned and
    // memorized within the ITs' few hundred steps with it; with gpt2-8192's 8192 x 64 embedding
    // the same steps leave a tiny set unmemorized. The doctor on gpt2-8192 and real text is the
    // scorecard's (./streamtune bench doctor).
    c.put("train.model.tokenizer", "byte");
    c.put("train.checkpoint.dir", "target/" + name + "-checkpoints/" + System.nanoTime());
    c.put("train.checkpoint.every-steps", "10");
    c.put("train.optimizer.batch-size", "16");
    c.put("train.optimizer.learning-rate", "0.003");
    c.put("train.eval.every-steps", "25");
    c.put("train.eval.max-examples", "64");
    c.put("train.outputs.fraction", "0");
    return c;
  }

  static JsonPath diagnosis() {
    return given().get("/train/diagnosis").then().statusCode(200).extract().jsonPath();
  }

  static JsonPath status() {
    return given().get("/train/status").then().statusCode(200).extract().jsonPath();
  }

  static long step() {
    return status().getLong("step");
  }

  /** The causes in the diagnosis list {@code active} or {@code history}. */
  static List<String> causes(String list) {
    return diagnosis().getList(list + ".cause");
  }

  /** The step at which {@code cause} was first raised, or -1. */
  static long raisedAt(String cause) {
    JsonPath d = diagnosis();
    List<Integer> steps = d.getList("history.findAll { it.cause == '" + cause + "' }.sinceStep");
    return steps.stream().mapToLong(Integer::longValue).min().orElse(-1);
  }

  static double metric(String cause) {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile("(?m)^streamtune_doctor_finding\\{cause=\"" + cause + "\"[^}]*\\} (\\S+)$")
            .matcher(text);
    assertTrue(m.find(), "no streamtune_doctor_finding for " + cause);
    return Double.parseDouble(m.group(1));
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "gave up waiting for: "
                + what
                + "; step "
                + step()
                + ", diagnosis "
                + diagnosis().prettify());
      }
      Thread.sleep(200);
    }
  }

  /** A label record of the sample task, as ingest would emit it. */
  static CleanRecord record(String id, String text, String label, int offset) {
    return new CleanRecord(
        id,
        TaskKind.LABEL,
        text,
        label,
        new SourceRef("records.raw", 0, offset),
        Instant.now(),
        List.of());
  }

  /** {@code n} held-out records of the sample task (another seed than the training stream). */
  static List<CleanRecord> heldOut(int n) {
    TopicTask eval = new TopicTask(7);
    List<CleanRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      TopicTask.Example e = eval.next();
      out.add(record("eval-" + i, e.text(), e.label(), i));
    }
    return out;
  }

  static <V> void produce(
      Topic<String, V> topic, List<V> values, java.util.function.Function<V, String> key) {
    Map<String, Object> kafka = KafkaTestResource.running().clientConfig();
    try (KafkaProducer<String, V> p =
        new KafkaProducer<>(
            kafka, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (V v : values) {
        p.send(new ProducerRecord<>(topic.name(), key.apply(v), v));
      }
      p.flush();
    }
  }

  static void produceRecords(Topic<String, CleanRecord> topic, List<CleanRecord> records) {
    produce(topic, records, CleanRecord::id);
  }

  /** Every event on train.events so far, read from the beginning. */
  public static List<TrainEvent> events() {
    Map<String, Object> c = new HashMap<>(KafkaTestResource.running().clientConfig());
    try (KafkaConsumer<String, TrainEvent> consumer =
        new KafkaConsumer<>(
            c,
            Topics.TRAIN_EVENTS.keySerde().deserializer(),
            Topics.TRAIN_EVENTS.valueSerde().deserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      consumer
          .partitionsFor(Topics.TRAIN_EVENTS.name())
          .forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      List<TrainEvent> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 20_000;
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
          && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
      }
      return out;
    }
  }

  static boolean hasEvent(String type, String key, Object value) {
    return events().stream()
        .anyMatch(e -> e.type().equals(type) && value.equals(e.details().get(key)));
  }

  /** The doctor's actions on train.events, in order. */
  static List<String> actions() {
    return events().stream()
        .filter(e -> e.type().equals("doctor_action"))
        .map(e -> String.valueOf(e.details().get("action")))
        .toList();
  }
}
