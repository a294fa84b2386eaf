package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void findsMetricNamesButNotFunctionsLabelsOrDurations() {
    assertEquals(
        Set.of("streamtune_reward_score_sum", "streamtune_reward_score_count"),
        PromQl.metricNames(
            "sum by (scorer) (rate(streamtune_reward_score_sum[$__rate_interval]))"
                + " / sum by (scorer) (rate(streamtune_reward_score_count{scorer=~\"a|b\"}[5m]))"));
    assertEquals(
        Set.of("streamtune_train_loss", "streamtune_train_samples_total"),
        PromQl.metricNames(
            "streamtune_train_loss{split=\"train\"} > 1e-3 * streamtune_train_loss offset 5m"
                + " and on (job, instance) rate(streamtune_train_samples_total[5m]) > 0"));
    assertEquals(Set.of("up"), PromQl.metricNames("up{job=~\"ingest|train\"} == bool 0"));
    assertEquals(
        Set.of("x"), PromQl.metricNames("deriv((sum(rate(x[5m])))[30m:1m]) or on () vector(0)"));
  }

  @Test
  void convertsMicrometerNamesLikeTheServicesRegistry() {
    assertEquals(
        Set.of("streamtune_train_samples_total"),
        families("streamtune.train.samples", "counter", null));
    assertEquals(
        Set.of("streamtune_train_step_seconds", "streamtune_train_step_seconds_max"),
        families("streamtune.train.step", "timer", null));
    assertEquals(
        Set.of("streamtune_reward_scoring_seconds", "streamtune_reward_scoring_seconds_max"),
        families("streamtune.reward.scoring.seconds", "timer", null));
    assertEquals(
        Set.of("streamtune_train_checkpoint_age_seconds"),
        families("streamtune.train.checkpoint.age.seconds", "gauge", null));
    assertEquals(
        Set.of(
            "streamtune_ingest_prompt_length_chars", "streamtune_ingest_prompt_length_chars_max"),
        families("streamtune.ingest.prompt.length", "summary", "chars"));
  }

  private static Set<String> families(String micrometer, String type, String unit) {
    return MicrometerNames.families(
        new Catalogue.Metric("", micrometer, unit, type, "train", java.util.List.of(), "", null));
  }
}
