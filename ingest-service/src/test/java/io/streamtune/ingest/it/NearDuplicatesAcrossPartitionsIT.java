package io.streamtune.ingest.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamtune.common.TopicAdmin;
import io.streamtune.common.Topics;
import io.streamtune.common.payload.CleanRecord;
import io.streamtune.common.payload.RejectedRecord;
import io.streamtune.ingest.clean.Fingerprints;
import io.streamtune.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Near duplicates whose skeletons differ meet across partitions: 40 email-sized texts sent 60 times
 * each as variants (a short suffix, an inserted line, two sentences swapped), with no key, so they
 * scatter over the raw partitions, into two instances on a real broker with exactly-once. Each
 * variant is its own skeleton, so only the cluster route brings them together. At least 95% of the
 * repeats are caught. A caught repeat is rejected, so only a miss (a variant whose route led it to
 * another partition, where it came first) can straddle clean and eval; the split follows the
 * cluster's split slot, which such a miss still shares with probability J, so at most a quarter of
 * the misses straddle (7% expected from the pairs' disagreement, 2.3% of all pairs; a split drawn
 * per record or per route would put 42% of them on the other side at a 30% fraction).
 *
 * <p>Not zero: a sketch routed over partitions cannot promise it. A miss sees none of its cluster,
 * so any decision it makes alone differs from its cluster's with probability of the order of 1 - J.
 */
class NearDuplicatesAcrossPartitionsIT {

  static final int CLUSTERS = 40, SENDS = 60;
  static final Duration GUARD = Duration.ofMinutes(4);
  static Path dir;
  static LocalKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    dir = Files.createTempDirectory("ingest-near-");
    kafka = LocalKafka.startOnFreePorts(dir.resolve("kafka"));
    // 4 raw partitions (the repartition topic follows): more partitions, more places to miss
    TopicAdmin.ensure(kafka.clientConfig(), TopicAdmin.partitions("records.raw=4"), 60_000);
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // temp folder
    }
  }

  @Test
  void variantsWithDifferentSkeletonsAreCaughtAcrossPartitionsAndRarelyStraddleTheSplit()
      throws Exception {
    Random random = new Random(20261202L);
    List<String> vocabulary = vocabulary(random, 3000);
    String[] labels = {"sports", "food", "tech", "weather"};
    Map<String, Integer> clusterOfSkeleton = new HashMap<>();
    List<String> values = new ArrayList<>();
    for (int c = 0; c < CLUSTERS; c++) {
      List<String> sentences = new ArrayList<>();
      for (int s = 0; s < 12; s++) {
        sentences.add(sentence(random, vocabulary, 8 + random.nextInt(6)));
      }
      for (int v = 0; v < SENDS; v++) {
        String text = variant(random, vocabulary, sentences, v % 3);
        Integer before = clusterOfSkeleton.put(Fingerprints.skeleton(text), c);
        if (before != null) { // a repeated variant would be an exact duplicate: draw another
          v--;
          continue;
        }
        values.add("{\"text\":\"" + text + "\",\"label\":\"" + labels[c % 4] + "\"}");
      }
    }
    Collections.shuffle(values, random);

    String app = "ingest-near-" + System.nanoTime();
    Map<String, String> settings = Map.of("ingest.split.eval-fraction", "0.3");
    try (Outputs out = new Outputs(kafka.clientConfig());
        StreamsRunner a =
            StreamsRunner.ingest(kafka.bootstrapServers(), app, dir.resolve("a"), settings);
        StreamsRunner b =
            StreamsRunner.ingest(kafka.bootstrapServers(), app, dir.resolve("b"), settings)) {
      send(values);
      out.awaitTotal(values.size(), GUARD).settle();
      assertEquals(values.size(), out.total(), "every input decided once");

      Map<Integer, Set<String>> splitsOfCluster = new HashMap<>();
      for (CleanRecord r : out.clean) {
        splitsOfCluster
            .computeIfAbsent(cluster(clusterOfSkeleton, r), k -> new HashSet<>())
            .add("clean");
      }
      for (CleanRecord r : out.eval) {
        splitsOfCluster
            .computeIfAbsent(cluster(clusterOfSkeleton, r), k -> new HashSet<>())
            .add("eval");
      }
      for (RejectedRecord r : out.rejected) {
        assertTrue(Set.of("near_duplicate", "duplicate").contains(r.reason()), r.toString());
      }
      int admitted = out.clean.size() + out.eval.size();
      double caught = out.rejected.size() / (double) (values.size() - CLUSTERS);
      long straddling = splitsOfCluster.values().stream().filter(s -> s.size() > 1).count();
      System.out.printf(
          "near duplicates across partitions: %d admitted of %d sends in %d clusters (%d missed),"
              + " caught %.4f, %d clusters in eval, %d straddling%n",
          admitted,
          values.size(),
          CLUSTERS,
          admitted - CLUSTERS,
          caught,
          splitsOfCluster.values().stream().filter(s -> s.contains("eval")).count(),
          straddling);
      assertEquals(CLUSTERS, splitsOfCluster.size(), "every cluster admitted once at least");
      // both sides populated, so a straddle could show; the share itself is lumpy here: these
      // made-up texts share most of their shingles, so unrelated clusters often share slot 1
      long inEval = splitsOfCluster.values().stream().filter(x -> x.contains("eval")).count();
      assertTrue(
          inEval >= 4 && inEval <= CLUSTERS - 4, "a 30% split put " + inEval + " of 40 in eval");
      assertTrue(caught >= 0.95, "caught only " + caught);
      int missed = admitted - CLUSTERS;
      assertTrue(
          straddling <= missed / 4,
          straddling + " clusters straddle clean and eval, from " + missed + " misses");
    }
  }

  private static int cluster(Map<String, Integer> clusterOfSkeleton, CleanRecord r) {
    Integer c = clusterOfSkeleton.get(Fingerprints.skeleton(r.prompt()));
    assertTrue(c != null, "not a sent text: " + r.prompt());
    return c;
  }

  /** 0: a short suffix; 1: a short line inserted; 2: two neighbouring sentences swapped. */
  private static String variant(
      Random random, List<String> vocabulary, List<String> sentences, int kind) {
    List<String> s = new ArrayList<>(sentences);
    switch (kind) {
      case 0 -> s.add("sent from my phone " + (1000 + random.nextInt(9000)));
      case 1 -> s.add(1 + random.nextInt(s.size() - 1), sentence(random, vocabulary, 4));
      default ->
          Collections.swap(s, random.nextInt(s.size() - 1), random.nextInt(s.size() - 1) + 1);
    }
    return String.join(" ", s);
  }

  private static String sentence(Random random, List<String> vocabulary, int words) {
    StringBuilder b = new StringBuilder();
    for (int w = 0; w < words; w++) {
      String word = vocabulary.get(random.nextInt(vocabulary.size()));
      b.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
    }
    return b.append('.').toString();
  }

  /** Made-up words of 2 to 4 syllables: a vocabulary with no copyright and no download. */
  private static List<String> vocabulary(Random random, int size) {
    String[] syllables = {
      "ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an", "qu", "es", "ti", "bro", "nam",
      "zu", "fe", "gol", "hi", "ja"
    };
    Set<String> words = new HashSet<>();
    while (words.size() < size) {
      StringBuilder w = new StringBuilder();
      for (int i = 2 + random.nextInt(3); i > 0; i--) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      words.add(w.toString());
    }
    List<String> list = new ArrayList<>(words);
    Collections.sort(list);
    return list;
  }

  private static void send(List<String> values) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String v : values) {
        producer.send(
            new ProducerRecord<>(
                Topics.RECORDS_RAW.name(), null, v.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }
}
