package io.streamtune.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {

  private static final String SCRAPE =
      """
      # HELP streamtune_ingest_records_total Records by outcome
      # TYPE streamtune_ingest_records_total counter
      streamtune_ingest_records_total{outcome="clean",reason="none"} 90.0
      streamtune_ingest_records_total{outcome="rejected",reason="duplicate"} 7.0
      streamtune_ingest_records_total{outcome="rejected",reason="blank"} 3.0
      streamtune_train_loss{split="train"} 1.25
      streamtune_train_loss{split="eval"} NaN
      jvm_threads_live_threads 12
      streamtune_doctor_finding{cause="lr_too_high"} 1.0
      streamtune_doctor_finding{cause="overfitting"} 0.0
      """;

  @Test
  void sumsMatchingSamplesAndSkipsCommentsAndNaN() {
    List<StatusLine.Sample> samples = StatusLine.parse(SCRAPE);
    assertEquals(8, samples.size());
    assertEquals(
        10.0,
        StatusLine.sum(
            samples, "streamtune_ingest_records_total", s -> s.has("outcome", "rejected")));
    assertEquals(
        1.25, StatusLine.sum(samples, "streamtune_train_loss", s -> s.has("split", "train")));
    assertTrue(
        Double.isNaN(
            StatusLine.sum(samples, "streamtune_train_loss", s -> s.has("split", "eval"))));
    assertEquals(0.0, StatusLine.sum(samples, "streamtune_train_steps_total", s -> true));
  }

  @Test
  void aServiceThatDoesNotAnswerIsShownAsDown() {
    String line =
        new StatusLine(
                java.util.Map.of("ingest", "http://127.0.0.1:1", "train", "http://127.0.0.1:1"))
            .render();
    assertTrue(line.contains("ingest: down"), line);
    assertTrue(line.contains("train: down"), line);
    assertTrue(line.contains("reward: down"), line);
  }
}
