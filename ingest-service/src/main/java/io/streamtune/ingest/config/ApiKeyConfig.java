package io.streamtune.ingest.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The shared API key for endpoints that change state (env STREAMTUNE_API_KEY). */
@ConfigMapping(prefix = "streamtune")
public interface ApiKeyConfig {

  /** No default on purpose: without a key, state-changing endpoints answer 503. */
  Optional<String> apiKey();
}
