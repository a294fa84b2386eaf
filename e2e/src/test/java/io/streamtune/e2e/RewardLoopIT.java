package io.streamtune.e2e;

import static io.streamtune.e2e.Services.get;
import static io.streamtune.e2e.Services.status;
import static io.streamtune.e2e.Services.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feedback loop across all three services: the trainer publishes outputs, the reward service
 * scores them, the trainer folds the rewards into its loss. Then the reward service is killed
 * ({@code kill -9}) mid-run: training goes on with the task loss alone and the trainer reports
 * itself degraded, never DOWN and never stuck waiting for rewards.
 */
class RewardLoopIT {

  @TempDir Path home;

  @Test
  void rewardsReachTheLossAndTrainingSurvivesTheRewardServiceDying() throws Exception {
    try (Launcher launcher =
        new Launcher(home)
            .env("STREAMTUNE_DEMO_RATE", "80")
            .env(
                "STREAMTUNE_JAVA_OPTS",
                "-Dtrain.rewards.lambda=0.5 -Dtrain.outputs.fraction=0.2"
                    + " -Dtrain.rewards.degraded-after-seconds=5"
                    + " -Dtrain.doctor.act.drop-lambda-on-dead-reward=false")) {
      Launcher.Result up = launcher.run(400, "up", "--demo", "--detach");
      assertEquals(0, up.exitCode(), up.output());
      String train = launcher.url("train");

      // Outputs go out, come back scored, and are used in gradient steps.
      JsonNode before =
          waitFor(train, s -> s.path("rewards").path("used").asLong() > 0, 300, "rewards used");
      assertTrue(before.path("lambda").asDouble() > 0, before.toString());

      ProcessHandle reward = ProcessHandle.of(launcher.pids().get("reward")).orElseThrow();
      reward.destroyForcibly(); // kill -9
      reward.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(reward.isAlive(), "the reward service survived kill -9");

      // Training keeps stepping on the task loss, and says why rewards no longer move.
      long stepAtKill = status(train).path("step").asLong();
      JsonNode after =
          waitFor(
              train,
              s ->
                  s.path("step").asLong() >= stepAtKill + 20
                      && s.path("rewards").path("health").asText().startsWith("degraded"),
              240,
              "training to continue and report degraded rewards");
      HttpResponse<String> ready = get(train + "/q/health/ready");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("degraded: no rewards for"), ready.body());
      assertEquals("training", after.path("state").asText(), after.toString());
    }
  }
}
