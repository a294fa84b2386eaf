package io.streamtune.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The live page in a real headless chromium against stand-in endpoints (a train service whose
 * status advances on every poll, an ingest /quality with CORS, a doctor that answers or 404s): the
 * charts fill, warnings and findings show, a missing doctor is handled. The same page against the
 * real train service: {@link LivePageIT}.
 */
class LivePageTest {
  /** Steps (and evaluations, one per 10 steps) the stand-in had trained before the page opened. */
  static final int HISTORY_STEPS = 50;

  static final int HISTORY_EVALS = HISTORY_STEPS / 10;

  private final AtomicInteger polls = new AtomicInteger();
  private final AtomicBoolean doctor = new AtomicBoolean(true);

  @Test
  void chartsFillAndWarningsAndFindingsShow() throws Exception {
    HttpServer train = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpServer ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    train.createContext("/", this::trainService);
    ingest.createContext("/quality", LivePageTest::quality);
    train.start();
    ingest.start();
    String url =
        "http://127.0.0.1:"
            + train.getAddress().getPort()
            + "/?every=1&ingest=http://127.0.0.1:"
            + ingest.getAddress().getPort();
    try (Chromium browser = Chromium.start(1280, 1400)) {
      browser.navigate(url);
      JsonNode page =
          LivePage.awaitState(
              browser,
              60,
              s -> s.path("polls").asInt() >= 4 && s.path("quality").asText().contains("conflict"));
      browser.screenshot(Repo.artifacts().resolve("live-page-stub.png"));

      // Opened at step 50: the curves start at step 1, from GET /train/history, on first load.
      JsonNode first = page.path("firstLoad");
      assertTrue(first.path("trainLoss").asInt() >= HISTORY_STEPS, "first load: " + page);
      assertTrue(first.path("loss").asInt() >= HISTORY_STEPS + HISTORY_EVALS, page.toString());
      assertTrue(first.path("accuracy").asInt() >= 2 * HISTORY_EVALS, "with baseline: " + page);
      assertTrue(first.path("throughput").asInt() >= 2 * HISTORY_STEPS, page.toString());
      assertTrue(first.path("reward").asInt() >= HISTORY_STEPS / 2, page.toString());

      assertTrue(page.path("polls").asInt() >= 4, page.toString());
      assertEquals(0, page.path("errors").size(), page.toString());
      assertTrue(page.path("loss").asInt() >= 6, "train + eval loss points: " + page);
      assertTrue(page.path("accuracy").asInt() >= 3, page.toString());
      assertTrue(page.path("throughput").asInt() >= 6, page.toString());
      assertTrue(page.path("reward").asInt() >= 2, page.toString());
      assertTrue(page.path("cards").asText().contains("eval accuracy"), page.toString());
      assertTrue(
          page.path("quality").asText().contains("12% of labelled texts conflict"),
          page.toString());
      assertTrue(page.path("findings").asText().contains("lr_too_high"), page.toString());
      assertTrue(page.path("findings").asText().contains("action lr_cut"), page.toString());

      doctor.set(false);
      JsonNode without =
          LivePage.awaitState(browser, 30, s -> s.path("findings").asText().contains("no doctor"));
      assertTrue(
          without.path("findings").asText().contains("no doctor in this build"),
          without.toString());
      assertEquals(0, without.path("errors").size(), without.toString());
    } finally {
      train.stop(0);
      ingest.stop(0);
    }
  }

  private void trainService(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    switch (path) {
      case "/train/status" -> {
        int n = polls.incrementAndGet();
        double loss = 3.0 / (1 + 0.2 * n);
        String json =
            String.format(
                Locale.ROOT,
                "{\"model\":\"stub\",\"state\":\"training\",\"device\":\"cpu()\",\"step\":%d,"
                    + "\"samplesSeen\":%d,\"trainLoss\":%.4f,\"evalLoss\":%.4f,\"accuracy\":%.3f,"
                    + "\"learningRate\":0.0003,\"lambda\":0.1,\"samplesPerSecond\":%d,"
                    + "\"tokensPerSecond\":%d,\"consumerLagRecords\":5,"
                    + "\"lastCheckpoint\":{\"name\":\"c1\",\"step\":10,\"at\":\"2026-01-01T00:00:00Z\"},"
                    + "\"rewards\":{\"health\":\"ok\",\"used\":%d,\"stale\":0}}",
                HISTORY_STEPS + 10 * n,
                320 * n,
                loss,
                loss + 0.1,
                Math.min(0.95, 0.25 + 0.1 * n),
                300 + n,
                9000 + 10 * n,
                5 * n);
        send(x, 200, "application/json", json);
      }
      case "/train/history" -> send(x, 200, "application/json", history());
      case "/q/metrics" -> {
        int n = Math.max(1, polls.get());
        send(
            x,
            200,
            "text/plain",
            String.format(
                Locale.ROOT,
                "# TYPE streamtune_train_reward summary\n"
                    + "streamtune_train_reward_count{scorer=\"total\",} %d.0\n"
                    + "streamtune_train_reward_sum{scorer=\"total\",} %.3f\n",
                10 * n,
                10 * n * (0.3 + 0.01 * n)));
      }
      case "/train/diagnosis" -> {
        if (doctor.get()) {
          send(
              x,
              200,
              "application/json",
              "{\"enabled\":true,\"step\":40,\"healthy\":false,\"active\":[{\"cause\":"
                  + "\"lr_too_high\",\"area\":\"hyperparameters\",\"state\":\"active\","
                  + "\"evidence\":{},\"sinceStep\":40,\"fix\":\"Lower the learning rate\"}],"
                  + "\"history\":[],\"actions\":[{\"action\":\"lr_cut\",\"cause\":"
                  + "\"lr_too_high\",\"step\":42,\"reason\":\"loss spikes\"}]}");
        } else {
          send(x, 404, "text/plain", "not found");
        }
      }
      default -> serveFile(x, path);
    }
  }

  /** Steps 1..50 with falling loss, rewards on every other step, an evaluation every 10 steps. */
  private static String history() {
    StringBuilder steps = new StringBuilder();
    for (int step = 1; step <= HISTORY_STEPS; step++) {
      steps.append(step == 1 ? "" : ",");
      steps.append(
          String.format(
              Locale.ROOT,
              "{\"step\":%d,\"taskLoss\":%.4f,\"rewardLoss\":0.1,\"totalLoss\":%.4f,"
                  + "\"learningRate\":0.0003,\"samplesPerSecond\":%d,\"tokensPerSecond\":%d,"
                  + "\"reward\":%s}",
              step,
              5.0 / (1 + 0.05 * step),
              5.0 / (1 + 0.05 * step),
              280 + step,
              8800 + step,
              step % 2 == 0 ? String.format(Locale.ROOT, "%.2f", 0.2 + 0.002 * step) : "null"));
    }
    StringBuilder evals = new StringBuilder();
    for (int e = 1; e <= HISTORY_EVALS; e++) {
      evals.append(e == 1 ? "" : ",");
      evals.append(
          String.format(
              Locale.ROOT,
              "{\"step\":%d,\"loss\":%.3f,\"accuracy\":%.2f,\"baselineAccuracy\":0.25}",
              10 * e,
              5.0 / (1 + 0.5 * e),
              0.2 + 0.05 * e));
    }
    return "{\"capacity\":1000,\"stepStride\":1,\"evalStride\":1,\"steps\":["
        + steps
        + "],\"evals\":["
        + evals
        + "]}";
  }

  private static void serveFile(HttpExchange x, String path) throws IOException {
    Path file =
        LivePage.resources()
            .resolve(path.equals("/") ? "index.html" : path.substring(1))
            .normalize();
    if (!file.startsWith(LivePage.resources()) || !Files.isRegularFile(file)) {
      send(x, 404, "text/plain", "not found");
      return;
    }
    String type =
        file.toString().endsWith(".html")
            ? "text/html"
            : file.toString().endsWith(".css") ? "text/css" : "text/javascript";
    send(x, 200, type + "; charset=utf-8", Files.readString(file));
  }

  private static void quality(HttpExchange x) throws IOException {
    x.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
    send(
        x,
        200,
        "application/json",
        "{\"total\":1000,\"duplicateRate\":0.05,\"conflictRate\":0.12,\"accuracyCeiling\":0.88,"
            + "\"warnings\":[\"12% of labelled texts conflict: no model can exceed ~88% accuracy\"]}");
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }
}
