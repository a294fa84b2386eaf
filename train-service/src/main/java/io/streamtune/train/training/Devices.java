package io.streamtune.train.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses the device: "auto" = the first GPU DJL sees, else the CPU; "cpu"; "gpu". */
final class Devices {

  private Devices() {}

  static Device resolve(String setting, Engine engine) {
    String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "auto" -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (engine.getGpuCount() == 0) {
          throw new IllegalArgumentException(
              "device=gpu but DJL sees no GPU: install the CUDA build of the PyTorch natives"
                  + " (pytorch-native-cu*) or use device=auto|cpu");
        }
        yield Device.gpu();
      }
      default ->
          throw new IllegalArgumentException(
              "device must be one of auto, cpu, gpu; was '" + setting + "'");
    };
  }
}
