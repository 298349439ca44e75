package dev.jobnet.protocol.http;

import java.util.Locale;

/** How an agent's configuration names the secret {@code ${secret:NAME}}. */
public final class Secrets {

  /** The prefix of the environment variables that hold secrets. */
  public static final String VARIABLE_PREFIX = "JOBNET_SECRET_";

  private Secrets() {}

  /** The environment variable of a secret: {@code JOBNET_SECRET_} and its name upper-cased, {@code -} and {@code .} as {@code _}. */
  public static String variable(String name) {
    return VARIABLE_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }
}
