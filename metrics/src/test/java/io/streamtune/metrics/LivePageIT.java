package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The live page served by the running train service, in a real headless chromium: it loads, the
 * loss curve has points at 3 or more steps, the accuracy and throughput charts have data (records
 * must keep arriving while it runs: training only advances with data), a page opened again later
 * draws every step since 0 on its first load (GET /train/history), and a screenshot is saved to
 * metrics/target/test-artifacts/live-page.png. Needs {@code -Dstreamtune.train.url}; with {@code
 * -Dstreamtune.ingest.url} the page is pointed at that ingest for /quality.
 */
class LivePageIT {

  @Test
  void livePageShowsTrainingCurves() throws Exception {
    Optional<URI> train = LiveServices.url("train");
    assumeTrue(train.isPresent(), "set -Dstreamtune.train.url to run the live page IT");
    String url =
        train.get() + "/?every=2" + LiveServices.url("ingest").map(i -> "&ingest=" + i).orElse("");
    try (Chromium browser = Chromium.start(1280, 1400)) {
      browser.navigate(url);
      JsonNode page =
          LivePage.awaitState(
              browser,
              LiveServices.waitSeconds(),
              s ->
                  s.path("trainLoss").asInt() >= 3
                      && s.path("step").asLong() >= 20
                      && s.path("accuracy").asInt() >= 1
                      && s.path("throughput").asInt() >= 3);
      browser.screenshot(Repo.artifacts().resolve("live-page.png"));
      Files.writeString(Repo.artifacts().resolve("live-page.json"), page.toPrettyString());

      assertFalse(page.path("errors").has("status"), "GET /train/status failed: " + page);
      assertTrue(page.path("trainLoss").asInt() >= 3, "train loss at 3 or more steps: " + page);
      assertTrue(page.path("accuracy").asInt() >= 1, "accuracy points: " + page);
      assertTrue(page.path("throughput").asInt() >= 3, "throughput points: " + page);
      assertTrue(page.path("cards").asText().contains("train loss"), page.toString());

      // Opened again, late: GET /train/history draws every step since 0 on the first load (the
      // service keeps each step until its 1,000-point ring thins to every other one).
      long trained = page.path("step").asLong();
      browser.navigate(url + "&reopened=1");
      JsonNode late = // the new page: its first refreshes (the old one had polled many times)
          LivePage.awaitState(
              browser, 60, s -> s.path("polls").asInt() <= 3 && !s.path("firstLoad").isNull());
      JsonNode first = late.path("firstLoad");
      assertFalse(late.path("errors").has("history"), "GET /train/history failed: " + late);
      assertTrue(
          first.path("trainLoss").asInt() >= Math.min(trained, 500),
          "train-loss points on first load after " + trained + " steps: " + late);
      assertTrue(first.path("throughput").asInt() >= Math.min(trained, 500), late.toString());
      assertTrue(first.path("accuracy").asInt() >= 1, late.toString());
    }
  }
}
