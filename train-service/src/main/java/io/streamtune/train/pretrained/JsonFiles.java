package io.streamtune.train.pretrained;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** JSON files as Hugging Face tools write them: indented, UTF-8. */
final class JsonFiles {

  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  static void write(ObjectNode json, Path file) throws IOException {
    MAPPER.writeValue(file.toFile(), json);
  }
}
