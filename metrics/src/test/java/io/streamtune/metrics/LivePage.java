package io.streamtune.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;

/** The train service's live page as a test sees it in a headless browser. */
final class LivePage {
  private LivePage() {}

  /** The page's files in the train service (served at / by Quarkus). */
  static Path resources() {
    return Repo.root().resolve("train-service/src/main/resources/META-INF/resources");
  }

  /**
   * What the page shows now: polls, points per chart (and after its first refresh: firstLoad),
   * errors, the two lists' text.
   */
  static JsonNode snapshot(Chromium browser) throws Exception {
    return browser.eval(
        "(() => { const s = window.streamtune || {};"
            + " const pts = id => Number((document.getElementById(id) || {dataset: {}}).dataset.points || 0);"
            + " const text = id => (document.getElementById(id) || {}).innerText || '';"
            + " return { polls: s.polls || 0, errors: s.errors || {},"
            + " trainLoss: ((s.loss || {}).train || []).length, loss: pts('chart-loss'), accuracy: pts('chart-accuracy'),"
            + " throughput: pts('chart-throughput'), reward: pts('chart-reward'),"
            + " step: (s.status || {}).step || 0, history: s.history || null,"
            + " firstLoad: s.firstLoad || null,"
            + " cards: text('cards'), quality: text('quality-warnings'),"
            + " findings: text('doctor-findings') }; })()");
  }

  /** Polls the page until {@code done} holds or {@code seconds} pass; returns the last snapshot. */
  static JsonNode awaitState(
      Chromium browser, long seconds, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(seconds);
    JsonNode s = snapshot(browser);
    while (!done.test(s) && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
      s = snapshot(browser);
    }
    return s;
  }
}
