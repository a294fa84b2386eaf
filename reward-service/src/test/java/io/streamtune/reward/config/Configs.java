package io.streamtune.reward.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** A {@link RewardConfig} from properties, as Quarkus would build it, without Quarkus. */
public final class Configs {

  private Configs() {}

  public static RewardConfig reward(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(RewardConfig.class)
            .withSources(new PropertiesConfigSource(properties, "test", 500))
            .build();
    return config.getConfigMapping(RewardConfig.class);
  }
}
