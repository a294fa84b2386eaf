package io.streamtune.train.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.common.rest.Errors;
import io.streamtune.train.config.PredictConfig;
import io.streamtune.train.loop.TrainStatus;
import io.streamtune.train.loop.TrainStatusView;
import io.streamtune.train.loop.TrainingService;
import io.streamtune.train.training.LabelPrediction;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.PairScore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only views of the training model: its status, and predictions from its weights. Predictions
 * and scores run on the {@link InferenceQueue} (a worker and a snapshot of their own, a bounded
 * queue, a bounded share of the time), after the request's work budget is checked ({@link
 * PredictRequest}); the training thread never waits for them.
 */
@Path("/train")
public class TrainResource {

  private final TrainingService service;
  private final TrainStatusView statusView;
  private final InferenceQueue queue;
  private final PredictRequest.Limits limits;
  private final long refusalDelayMillis;

  public TrainResource(
      TrainingService service,
      TrainStatusView statusView,
      InferenceQueue queue,
      PredictConfig config) {
    this.service = service;
    this.statusView = statusView;
    this.queue = queue;
    this.limits = PredictRequest.Limits.of(config);
    this.refusalDelayMillis = config.refusalDelayMillis();
  }

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public TrainStatus status() {
    return statusView.status();
  }

  /**
   * {@code {"text": …}} (label task: the most likely allowed label and each label's probability),
   * {@code {"prompt": …}} (generation), or an array of them.
   */
  @POST
  @Path("/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Object predict(JsonNode body) throws InterruptedException {
    return slowRefusals(() -> predictNow(body));
  }

  private Object predictNow(JsonNode body) throws InterruptedException {
    OnlineTrainer trainer = started();
    List<String> labels = service.labels();
    PredictRequest request;
    try {
      request =
          PredictRequest.parse(
              body,
              limits,
              new PredictRequest.Model(
                  Math.max(1, labels.size()),
                  trainer.encoder().context(),
                  service.generation().maxNewTokens()));
    } catch (PredictRequest.Refused e) {
      throw Errors.fail(Response.Status.fromStatusCode(e.status), e.getMessage());
    }
    if (!request.texts().isEmpty() && labels.size() < 2) {
      throw Errors.fail(
          Response.Status.CONFLICT,
          "no label set yet: configure train.model.labels or wait for labelled records");
    }
    List<Map<String, Object>> answers = queued(() -> answer(trainer, request, labels));
    return request.array() ? answers : answers.get(0);
  }

  /**
   * How likely the current weights find each completion after its prompt: {@code {"prompt": …,
   * "completion": …}} or an array of them. Each answer carries {@code logProb} (natural log of
   * p(completion + EOS | prompt)), {@code tokens} (the tokens scored, EOS included), {@code bytes}
   * (the completion's UTF-8 length, so callers can compare loss per byte across tokenizers) and
   * {@code truncated} (the completion did not fit the context and only its head was scored).
   */
  @POST
  @Path("/score")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Object score(JsonNode body) throws InterruptedException {
    return slowRefusals(() -> scoreNow(body));
  }

  private Object scoreNow(JsonNode body) throws InterruptedException {
    List<String[]> pairs;
    try {
      pairs = ScoreRequest.parse(body);
    } catch (IllegalArgumentException e) {
      throw Errors.fail(Response.Status.BAD_REQUEST, e.getMessage());
    }
    OnlineTrainer trainer = started();
    List<PairScore> scores = queued(() -> trainer.requests().score(pairs));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      PairScore s = scores.get(i);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("logProb", s.logProb());
      a.put("tokens", s.scoredTokens());
      a.put("bytes", pairs.get(i)[1].getBytes(StandardCharsets.UTF_8).length);
      a.put("truncated", s.truncated());
      a.put("modelVersion", trainer.progress().steps());
      out.add(a);
    }
    return body.isArray() ? out : out.get(0);
  }

  /** A request's answer; when it is a refusal (400, 413, 429), only after the refusal delay. */
  private interface Answer {
    Object get() throws InterruptedException;
  }

  private Object slowRefusals(Answer answer) throws InterruptedException {
    try {
      return answer.get();
    } catch (WebApplicationException e) {
      int status = e.getResponse().getStatus();
      if (status == 400 || status == 413 || status == 429) {
        Thread.sleep(refusalDelayMillis); // a worker thread asleep, no CPU: see PredictConfig
      }
      throw e;
    }
  }

  private OnlineTrainer started() {
    OnlineTrainer trainer = service.trainer();
    if (trainer == null) {
      throw Errors.fail(Response.Status.SERVICE_UNAVAILABLE, "the model is still starting");
    }
    return trainer;
  }

  /** {@code work} on the inference queue; 429 with Retry-After when it is full. */
  private <T> T queued(java.util.function.Supplier<T> work) throws InterruptedException {
    try {
      return queue.run(work);
    } catch (InferenceQueue.Busy e) {
      throw new WebApplicationException(
          Response.fromResponse(Errors.response(Response.Status.TOO_MANY_REQUESTS, e.getMessage()))
              .header("Retry-After", e.retryAfterSeconds)
              .build());
    }
  }

  private List<Map<String, Object>> answer(
      OnlineTrainer trainer, PredictRequest request, List<String> labels) {
    List<LabelPrediction> predicted =
        request.texts().isEmpty()
            ? List.of()
            : trainer.requests().predictLabels(request.texts(), labels);
    List<String> generated =
        request.prompts().isEmpty()
            ? List.of()
            : trainer
                .requests()
                .generate(request.prompts(), service.generation(), System.nanoTime());
    List<Map<String, Object>> out = new ArrayList<>();
    int t = 0;
    int g = 0;
    for (JsonNode item : request.items()) {
      Map<String, Object> a = new LinkedHashMap<>();
      if (PredictRequest.field(item, "text") != null) {
        LabelPrediction p = predicted.get(t++);
        a.put("text", item.get("text").asText());
        a.put("completion", p.label());
        a.put("probabilities", p.probabilities());
      } else {
        a.put("prompt", item.get("prompt").asText());
        a.put("completion", generated.get(g++));
      }
      a.put("modelVersion", trainer.progress().steps());
      out.add(a);
    }
    return out;
  }
}
