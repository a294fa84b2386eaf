package io.streamtune.train.doctor;

import io.smallrye.config.WithDefault;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

/**
 * A {@link DoctorConfig} made of its own {@code @WithDefault} values plus overrides (by kebab path,
 * e.g. {@code act.lr-cut-factor}), for tests that need no Quarkus.
 */
final class ConfigStub {

  private ConfigStub() {}

  static DoctorConfig of(Map<String, String> overrides) {
    return proxy(DoctorConfig.class, "", overrides);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, String prefix, Map<String, String> overrides) {
    InvocationHandler h =
        (p, m, args) -> {
          if (m.isDefault()) {
            return InvocationHandler.invokeDefault(p, m, args);
          }
          if (m.getName().equals("toString")) {
            return type.getSimpleName() + " stub";
          }
          String key = prefix + kebab(m.getName());
          if (m.getReturnType().isInterface() && m.getAnnotation(WithDefault.class) == null) {
            return proxy(m.getReturnType(), key + ".", overrides);
          }
          String v = overrides.getOrDefault(key, m.getAnnotation(WithDefault.class).value());
          return convert(m, v);
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
  }

  private static Object convert(Method m, String v) {
    Class<?> t = m.getReturnType();
    if (t == int.class) {
      return Integer.parseInt(v);
    } else if (t == long.class) {
      return Long.parseLong(v);
    } else if (t == double.class) {
      return Double.parseDouble(v);
    } else if (t == boolean.class) {
      return Boolean.parseBoolean(v);
    } else if (t == Duration.class) {
      return Duration.parse(v);
    }
    return v;
  }

  private static String kebab(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
