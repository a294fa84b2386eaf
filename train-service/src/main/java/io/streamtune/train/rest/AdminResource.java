package io.streamtune.train.rest;

import io.streamtune.common.rest.Errors;
import io.streamtune.train.config.ConfigCheck;
import io.streamtune.train.loop.Hyperparameters;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runtime hyperparameter changes (API key required, checked by {@link
 * io.streamtune.common.rest.ApiKeyFilter} before the body is read). Body: any of {@code
 * learningRate}, {@code weightDecay}, {@code batchSize}, {@code lambda}. All are validated first;
 * nothing changes unless all are valid. Answers each changed value as [from, to].
 */
@Path("/train/admin")
public class AdminResource {

  /** The changes asked for; null = unchanged. */
  public record HyperparameterChange(
      Double learningRate, Double weightDecay, Integer batchSize, Double lambda) {}

  private final Hyperparameters hyperparameters;

  public AdminResource(Hyperparameters hyperparameters) {
    this.hyperparameters = hyperparameters;
  }

  @POST
  @Path("/hyperparameters")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> change(HyperparameterChange body) {
    if (body == null
        || (body.learningRate() == null
            && body.weightDecay() == null
            && body.batchSize() == null
            && body.lambda() == null)) {
      throw Errors.fail(
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
      throw Errors.fail(Response.Status.BAD_REQUEST, String.join("; ", problems));
    }
    try {
      return Map.of(
          "changed",
          hyperparameters.change(
              body.learningRate(),
              body.weightDecay(),
              body.batchSize(),
              body.lambda(),
              "admin endpoint"));
    } catch (IllegalStateException e) {
      throw Errors.fail(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    }
  }
}
