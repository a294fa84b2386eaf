package io.streamtune.train.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamtune.train.loop.TrainStatus;
import io.streamtune.train.loop.TrainingService;
import io.streamtune.train.training.LabelPrediction;
import io.streamtune.train.training.OnlineTrainer;
import io.streamtune.train.training.PairScore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only views of the training model: its status, and predictions from its current weights. */
@Path("/train")
public class TrainResource {

  /** Inputs per request: enough for a client's batch, bounded so a request cannot stall the box. */
  static final int MAX_INPUTS = 256;

  private final TrainingService service;

  public TrainResource(TrainingService service) {
    this.service = service;
  }

  @GET
  @Path("/status")
  @Produces(MediaType.APPLICATION_JSON)
  public TrainStatus status() {
    return service.status();
  }

  /**
   * {@code {"text": …}} (label task: the most likely allowed label and each label's probability),
   * {@code {"prompt": …}} (generation), or an array of them.
   */
  @POST
  @Path("/predict")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Object predict(JsonNode body) {
    if (body == null || !(body.isObject() || body.isArray())) {
      throw ApiKeyGuard.fail(
          Response.Status.BAD_REQUEST,
          "send {\"text\": ...} or {\"prompt\": ...} or an array of them");
    }
    List<JsonNode> items = new ArrayList<>();
    if (body.isArray()) {
      body.forEach(items::add);
    } else {
      items.add(body);
    }
    if (items.isEmpty() || items.size() > MAX_INPUTS) {
      throw ApiKeyGuard.fail(
          Response.Status.BAD_REQUEST, "send between 1 and " + MAX_INPUTS + " inputs");
    }
    OnlineTrainer trainer = service.trainer();
    if (trainer == null) {
      throw ApiKeyGuard.fail(Response.Status.SERVICE_UNAVAILABLE, "the model is still starting");
    }
    List<Map<String, Object>> answers = answer(trainer, items);
    return body.isArray() ? answers : answers.get(0);
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
  public Object score(JsonNode body) {
    List<String[]> pairs;
    try {
      pairs = ScoreRequest.parse(body);
    } catch (IllegalArgumentException e) {
      throw ApiKeyGuard.fail(Response.Status.BAD_REQUEST, e.getMessage());
    }
    OnlineTrainer trainer = service.trainer();
    if (trainer == null) {
      throw ApiKeyGuard.fail(Response.Status.SERVICE_UNAVAILABLE, "the model is still starting");
    }
    List<PairScore> scores = trainer.score(pairs);
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      PairScore s = scores.get(i);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("logProb", s.logProb());
      a.put("tokens", s.scoredTokens());
      a.put("bytes", pairs.get(i)[1].getBytes(StandardCharsets.UTF_8).length);
      a.put("truncated", s.truncated());
      a.put("modelVersion", trainer.stepCount());
      out.add(a);
    }
    return body.isArray() ? out : out.get(0);
  }

  private List<Map<String, Object>> answer(OnlineTrainer trainer, List<JsonNode> items) {
    List<String> texts = new ArrayList<>();
    List<String> prompts = new ArrayList<>();
    for (JsonNode item : items) {
      String text = textField(item, "text");
      String prompt = textField(item, "prompt");
      if ((text == null) == (prompt == null)) {
        throw ApiKeyGuard.fail(
            Response.Status.BAD_REQUEST,
            "each input needs exactly one non-blank string field: text or prompt");
      }
      if (text != null) {
        texts.add(text);
      } else {
        prompts.add(prompt);
      }
    }
    List<String> labels = service.labels();
    if (!texts.isEmpty() && labels.size() < 2) {
      throw ApiKeyGuard.fail(
          Response.Status.CONFLICT,
          "no label set yet: configure train.model.labels or wait for labelled records");
    }
    List<LabelPrediction> predicted =
        texts.isEmpty() ? List.of() : trainer.predictLabels(texts, labels);
    List<String> generated =
        prompts.isEmpty()
            ? List.of()
            : trainer.generate(prompts, service.generation(), System.nanoTime());
    List<Map<String, Object>> out = new ArrayList<>();
    int t = 0;
    int g = 0;
    for (JsonNode item : items) {
      Map<String, Object> a = new LinkedHashMap<>();
      if (textField(item, "text") != null) {
        LabelPrediction p = predicted.get(t++);
        a.put("text", item.get("text").asText());
        a.put("completion", p.label());
        a.put("probabilities", p.probabilities());
      } else {
        a.put("prompt", item.get("prompt").asText());
        a.put("completion", generated.get(g++));
      }
      a.put("modelVersion", trainer.stepCount());
      out.add(a);
    }
    return out;
  }

  private static String textField(JsonNode item, String name) {
    JsonNode n = item == null ? null : item.get(name);
    return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }
}
