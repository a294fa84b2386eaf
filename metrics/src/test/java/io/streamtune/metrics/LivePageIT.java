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
 * must keep arriving while it runs: training only advances with data), and a screenshot is saved to
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
                      && s.path("accuracy").asInt() >= 1
                      && s.path("throughput").asInt() >= 3);
      browser.screenshot(Repo.artifacts().resolve("live-page.png"));
      Files.writeString(Repo.artifacts().resolve("live-page.json"), page.toPrettyString());

      assertFalse(page.path("errors").has("status"), "GET /train/status failed: " + page);
      assertTrue(page.path("trainLoss").asInt() >= 3, "train loss at 3 or more steps: " + page);
      assertTrue(page.path("accuracy").asInt() >= 1, "accuracy points: " + page);
      assertTrue(page.path("throughput").asInt() >= 3, "throughput points: " + page);
      assertTrue(page.path("cards").asText().contains("train loss"), page.toString());
    }
  }
}
