package dev.jobnet.protocol.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces of an http job's URL, headers and body filled in when the request is sent:
 * {@code ${param:NAME}} (a start parameter of the run) and {@code ${secret:NAME}} (from the
 * configuration of the agent that sends it, never from the YAML). The converter checks them; the agent
 * fills them in.
 */
public final class Placeholders {

  /** A placeholder: its kind and its name. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(param|secret):([A-Za-z0-9_.-]+)}");
  /** Anything that starts like a placeholder. */
  private static final Pattern OPENING = Pattern.compile("\\$\\{");

  /** The kinds of placeholder. */
  public enum Kind {
    PARAM, SECRET;

    static Kind of(String word) {
      return word.equals("param") ? PARAM : SECRET;
    }
  }

  /** One placeholder of a text. */
  public record Placeholder(Kind kind, String name, int start) {}

  private Placeholders() {}

  /** The placeholders of a text, in order. */
  public static List<Placeholder> in(String text) {
    List<Placeholder> out = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      out.add(new Placeholder(Kind.of(m.group(1)), m.group(2), m.start()));
    }
    return out;
  }

  /**
   * Where a text has a {@code ${} that starts no placeholder (a typo: {@code ${params:x}},
   * {@code ${secret:}}), if it has one.
   */
  public static Optional<Integer> malformed(String text) {
    Matcher opening = OPENING.matcher(text);
    while (opening.find()) {
      Matcher m = PLACEHOLDER.matcher(text);
      if (!m.find(opening.start()) || m.start() != opening.start()) {
        return Optional.of(opening.start());
      }
    }
    return Optional.empty();
  }

  /**
   * The text with its placeholders filled in, each value passed through {@code escape} (the JSON of a
   * body needs its strings escaped).
   *
   * @throws MissingValueException when a parameter or secret has no value
   */
  public static String fill(String text, Function<String, Optional<String>> params,
      Function<String, Optional<String>> secrets, Function<String, String> escape) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Kind kind = Kind.of(m.group(1));
      String name = m.group(2);
      Optional<String> value = kind == Kind.PARAM ? params.apply(name) : secrets.apply(name);
      if (value.isEmpty()) {
        throw new MissingValueException(kind, name);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(value.get())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A placeholder without a value where the request is sent. */
  public static final class MissingValueException extends RuntimeException {
    private final Kind kind;
    private final String name;

    public MissingValueException(Kind kind, String name) {
      super(kind == Kind.PARAM
          ? "start parameter '" + name + "' is not set: start the run with it (the job's request uses ${param:" + name
              + "})"
          : "secret '" + name + "' is not configured on this agent: set the environment variable "
              + Secrets.variable(name) + " or add " + name + "=... to the agent's secrets file (JOBNET_AGENT_SECRETS_FILE)");
      this.kind = kind;
      this.name = name;
    }

    public Kind kind() {
      return kind;
    }

    public String name() {
      return name;
    }
  }

  /** A value as a piece of a JSON string literal: quotes, backslashes and control characters escaped. */
  public static String jsonEscape(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
