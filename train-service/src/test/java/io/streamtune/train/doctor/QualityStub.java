package io.streamtune.train.doctor;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for the ingest service's GET /quality (same JSON fields as its QualityReport) on a free
 * port, and points the doctor at it. Tests switch the body it serves ({@code null}: it answers
 * 503).
 */
public class QualityStub implements QuarkusTestResourceLifecycleManager {

  /** 20% label conflicts, 35% duplicates, one class 50× rarer than the most common. */
  static final String BAD =
      """
      {"total":2000,"outcomes":{"clean":1000,"eval":50,"rejected":950},
       "reasons":{"duplicate":500,"near_duplicate":200,"label_conflict":400},
       "labels":{"sports":900,"food":100,"tech":30,"weather":18},
       "duplicateRate":0.35,"conflictRate":0.2,"accuracyCeiling":0.8,"warnings":[]}
      """;

  static final String GOOD =
      """
      {"total":4000,"outcomes":{"clean":3800,"eval":190,"rejected":10},
       "reasons":{"duplicate":10},
       "labels":{"sports":1000,"food":1000,"tech":950,"weather":1040},
       "duplicateRate":0.0025,"conflictRate":0.0,"accuracyCeiling":1.0,"warnings":[]}
      """;

  static volatile String body = BAD;
  private HttpServer server;

  /** Argument {@code body}: {@code good} starts with the healthy numbers instead of the bad. */
  @Override
  public void init(Map<String, String> initArgs) {
    body = "good".equals(initArgs.get("body")) ? GOOD : BAD;
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/quality",
        ex -> {
          String now = body;
          if (now == null) { // the ingest service is failing
            ex.sendResponseHeaders(503, -1);
            ex.close();
            return;
          }
          byte[] b = now.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
          }
        });
    server.start();
    return Map.of(
        "train.doctor.quality.url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/quality",
        "train.doctor.quality.interval",
        "PT0.2S");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
