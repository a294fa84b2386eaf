package io.streamtune.train.safetensors;

/** A safetensors file or a checkpoint that cannot be loaded; the message says which and why. */
public class SafetensorsException extends IllegalArgumentException {

  public SafetensorsException(String message) {
    super(message);
  }

  public SafetensorsException(String message, Throwable cause) {
    super(message, cause);
  }
}
