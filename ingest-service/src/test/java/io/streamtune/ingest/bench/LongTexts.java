package io.streamtune.ingest.bench;

import io.streamtune.common.Topics;
import io.streamtune.kafka.LocalKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * ~1 kB labelled texts for the benchmark (email-sized, like the stream that showed #16): made-up
 * words in sentences, 70% new texts, 15% exact repeats, 15% near variants (a short suffix), so
 * every path of the dedup step is taken. Seeded: every run streams the same bytes.
 */
final class LongTexts {

  private static final String[] LABELS = {"sports", "food", "tech", "weather"};

  private LongTexts() {}

  /** Produces {@code n} records to records.raw; returns their total value bytes. */
  static long fill(LocalKafka kafka, int n) {
    Random random = new Random(1016);
    List<String> words = new ArrayList<>();
    String[] syllables = {
      "ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "pi", "an", "es", "ti"
    };
    for (int i = 0; i < 4000; i++) {
      StringBuilder w = new StringBuilder();
      for (int k = 2 + random.nextInt(3); k > 0; k--) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      words.add(w.toString());
    }
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    long bytes = 0;
    List<String> sent = new ArrayList<>();
    try (var p = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < n; i++) {
        double roll = random.nextDouble();
        String text;
        String base;
        if (sent.isEmpty() || roll < 0.70) {
          StringBuilder b = new StringBuilder();
          while (b.length() < 1000) {
            b.append(words.get(random.nextInt(words.size())))
                .append(b.length() % 9 == 0 ? ". " : " ");
          }
          text = b.toString().trim();
          base = text;
          sent.add(text);
        } else if (roll < 0.85) {
          base = sent.get(random.nextInt(sent.size()));
          text = base;
        } else {
          base = sent.get(random.nextInt(sent.size()));
          text = base + " sent from my phone " + random.nextInt(1000);
        }
        String label = LABELS[Math.floorMod(base.hashCode(), LABELS.length)];
        byte[] value =
            ("{\"text\":\"" + text + "\",\"label\":\"" + label + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        p.send(new ProducerRecord<>(Topics.RECORDS_RAW.name(), null, value));
        bytes += value.length;
      }
      p.flush();
    }
    return bytes;
  }
}
