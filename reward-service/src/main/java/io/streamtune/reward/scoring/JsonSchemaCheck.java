package io.streamtune.reward.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/**
 * Validates completions against one JSON schema with com.networknt:json-schema-validator (drafts 4
 * to 2020-12; 2020-12 when the schema names no {@code $schema}). Completions are parsed with a
 * nesting limit and must be one JSON value with nothing after it.
 */
final class JsonSchemaCheck {

  /** The outcome for one completion. */
  enum Result {
    VALID,
    INVALID_FOR_SCHEMA,
    NOT_JSON
  }

  private final JsonSchema schema;
  private final ObjectMapper completionReader;

  /**
   * @param schemaJson the schema document
   * @param maxDepth deepest nesting accepted in a completion
   * @throws IllegalArgumentException when the schema is not JSON or not a usable schema
   */
  JsonSchemaCheck(String schemaJson, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("max JSON depth must be at least 1, got " + maxDepth);
    }
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !(node.isObject() || node.isBoolean())) {
      throw new IllegalArgumentException("a JSON schema must be an object or a boolean");
    }
    VersionFlag version =
        SpecVersionDetector.detectOptionalVersion(node, false).orElse(VersionFlag.V202012);
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
    Set<ValidationMessage> metaErrors =
        factory
            .getSchema(com.networknt.schema.SchemaLocation.of(metaSchemaIri(version)))
            .validate(node);
    if (!metaErrors.isEmpty()) {
      throw new IllegalArgumentException("not a valid JSON schema: " + metaErrors);
    }
    this.schema = factory.getSchema(node);
    this.schema.initializeValidators();
    this.completionReader =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    this.completionReader
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(maxDepth).build());
  }

  Result check(String completion) {
    if (completion == null || completion.isBlank()) {
      return Result.NOT_JSON;
    }
    JsonNode value;
    try {
      value = completionReader.readTree(completion);
    } catch (JsonProcessingException e) {
      return Result.NOT_JSON; // includes nesting deeper than the limit
    }
    if (value == null || value.isMissingNode()) {
      return Result.NOT_JSON;
    }
    return schema.validate(value).isEmpty() ? Result.VALID : Result.INVALID_FOR_SCHEMA;
  }

  private static String metaSchemaIri(VersionFlag version) {
    return switch (version) {
      case V4 -> "http://json-schema.org/draft-04/schema#";
      case V6 -> "http://json-schema.org/draft-06/schema#";
      case V7 -> "http://json-schema.org/draft-07/schema#";
      case V201909 -> "https://json-schema.org/draft/2019-09/schema";
      case V202012 -> "https://json-schema.org/draft/2020-12/schema";
    };
  }
}
