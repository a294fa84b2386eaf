package io.streamtune.train.rest;

import io.streamtune.train.config.ConfigCheck;
import io.streamtune.train.loop.TrainingService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runtime hyperparameter changes (API key required). Body: any of {@code learningRate}, {@code
 * weightDecay}, {@code batchSize}, {@code lambda}. All are validated first; nothing changes unless
 * all are valid. Answers each changed value as [from, to].
 */
@Path("/train/admin")
public class AdminResource {

  /** The changes asked for; null = unchanged. */
  public record HyperparameterChange(
      Double learningRate, Double weightDecay, Integer batchSize, Double lambda) {}

  private final TrainingService service;
  private final ApiKeyGuard guard;

  public AdminResource(TrainingService service, ApiKeyGuard guard) {
    this.service = service;
    this.guard = guard;
  }

  @POST
  @Path("/hyperparameters")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> change(
      @HeaderParam(ApiKeyGuard.HEADER) String apiKey, HyperparameterChange body) {
    guard.check(apiKey);
    if (body == null
        || (body.learningRate() == null
            && body.weightDecay() == null
            && body.batchSize() == null
            && body.lambda() == null)) {
      throw ApiKeyGuard.fail(
          Response.Status.BAD_REQUEST,
          "give at least one of learningRate, weightDecay, batchSize, lambda");
    }
    List<String> problems = new ArrayList<>();
    if (body.learningRate() != null) {
      problems.addAll(ConfigCheck.learningRateProblems(body.learningRate()));
    }
    if (body.weightDecay() != null) {
      problems.addAll(ConfigCheck.weightDecayProblems(body.weightDecay()));
    }
    if (body.batchSize() != null) {
      problems.addAll(ConfigCheck.batchSizeProblems(body.batchSize()));
    }
    if (body.lambda() != null) {
      problems.addAll(ConfigCheck.lambdaProblems(body.lambda()));
    }
    if (!problems.isEmpty()) {
      throw ApiKeyGuard.fail(Response.Status.BAD_REQUEST, String.join("; ", problems));
    }
    try {
      return Map.of(
          "changed",
          service.change(
              body.learningRate(),
              body.weightDecay(),
              body.batchSize(),
              body.lambda(),
              "admin endpoint"));
    } catch (IllegalStateException e) {
      throw ApiKeyGuard.fail(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }
  }
}
