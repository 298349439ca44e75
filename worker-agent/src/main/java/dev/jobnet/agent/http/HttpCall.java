package dev.jobnet.agent.http;

import dev.jobnet.agent.job.Outcome;
import dev.jobnet.protocol.ProcessVariables;
import dev.jobnet.protocol.http.HttpJobSpec;
import dev.jobnet.protocol.http.Placeholders;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One attempt of an http job as a request: built from the job's {@link HttpJobSpec} with its
 * placeholders filled in and {@code Idempotency-Key: <jobId>:<attempt>}, sent, and its answer read as
 * an {@link Outcome}: 2xx succeeds; 408, 429, 5xx and connection errors are retried per the policy
 * (after {@code Retry-After} when the backend says so); any other status fails at once. What the job's
 * log keeps is the status line and the first {@value #BODY_KEPT} bytes of the answer's body.
 */
public final class HttpCall {

  /** Why no answer came when the job's timeout ran out first on the HTTP client's side. */
  static final String NO_ANSWER_IN_TIME = "no answer within the job's timeout";

  /** The bytes of an answer's body kept for the job's log and reason. */
  public static final int BODY_KEPT = 1024;

  /** What the request needs besides the job's spec. */
  public record Context(String jobId, String runId, int attempt, Function<String, Optional<String>> params,
      AgentSecrets secrets, Optional<String> callbackUrl, Duration timeout) {}

  /**
   * How an attempt's request ended.
   *
   * @param status the HTTP status, or null when no answer came (connection error)
   * @param bodyHead the first bytes of the body, as text
   * @param retryAfter the wait the backend asked for ({@code Retry-After}), if any
   * @param error why no answer came, or null
   */
  public record Answer(Integer status, String bodyHead, Optional<Duration> retryAfter, String error) {}

  private HttpCall() {}

  /**
   * The request of an attempt.
   *
   * @throws Placeholders.MissingValueException when a start parameter or secret it names has no value
   * @throws IllegalArgumentException when the filled-in URL is no URL
   */
  public static HttpRequest request(HttpJobSpec spec, Context c) {
    String url = Placeholders.fill(spec.url(), c.params(), c.secrets()::get, HttpCall::urlPiece);
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url));
    } catch (IllegalArgumentException e) {
      // said without the filled-in URL: it may hold a secret, and this message goes to the history
      throw new IllegalArgumentException("the URL " + spec.url() + " is no URL once its pieces are filled in");
    }
    b.header(HttpJobSpec.IDEMPOTENCY_KEY, HttpJobSpec.idempotencyKey(c.jobId(), c.attempt()));
    if (c.timeout() != null) {
      b.timeout(c.timeout());
    }
    spec.headers().forEach((name, value) -> {
      String filled = Placeholders.fill(value, c.params(), c.secrets()::get, Function.identity());
      try {
        b.header(name, filled);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("header " + name + " is no header once its pieces are filled in (a line"
            + " break or another character a header cannot hold)");
      }
    });
    Optional<String> body = body(spec, c);
    if (body.isPresent() && spec.headers().keySet().stream().noneMatch(n -> n.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", "application/json");
    }
    HttpRequest.BodyPublisher publisher = body.map(s -> HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8))
        .orElse(HttpRequest.BodyPublishers.noBody());
    return b.method(spec.method(), publisher).build();
  }

  /** The body: the spec's JSON filled in, with the member {@code jobnet} for a callback job. */
  static Optional<String> body(HttpJobSpec spec, Context c) {
    Optional<String> written = spec.body().map(json -> Placeholders.fill(json, c.params(), c.secrets()::get,
        Placeholders::jsonEscape));
    if (!spec.callback() || c.callbackUrl().isEmpty()) {
      return written;
    }
    String member = "\"" + HttpJobSpec.CALLBACK_MEMBER + "\":{\"jobId\":\"" + Placeholders.jsonEscape(c.jobId())
        + "\",\"runId\":\"" + Placeholders.jsonEscape(c.runId()) + "\",\"attempt\":" + c.attempt()
        + ",\"callbackUrl\":\"" + Placeholders.jsonEscape(c.callbackUrl().get()) + "\"}";
    String object = written.map(String::strip).orElse("{}");
    // the converter writes a callback job's body as a JSON object: the member goes in first
    String inner = object.substring(1).strip();
    return Optional.of("{" + member + (inner.equals("}") ? "}" : "," + inner));
  }

  /**
   * A value in a URL as written, but the characters no URL may hold (spaces, quotes, non-ASCII, ...)
   * percent-encoded: a piece may stand for a host and port ({@code 127.0.0.1:9090}), a path or a query.
   */
  static String urlPiece(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#[]@!$&'()*+,;=%".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return sb.toString();
  }

  /** Sends the request; the answer completes once the status and the head of the body are read. */
  public static CompletableFuture<Answer> send(HttpClient client, HttpRequest request, Clock clock) {
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenApply(r -> new Answer(r.statusCode(), head(r.body()), retryAfter(r.headers().firstValue("Retry-After"),
            clock), null))
        .exceptionally(e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          return new Answer(null, "", Optional.empty(), describe(cause));
        });
  }

  private static String head(InputStream body) {
    try (InputStream in = body) {
      byte[] b = in.readNBytes(BODY_KEPT);
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(the body could not be read: " + e.getMessage() + ")";
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof HttpTimeoutException) {
      return NO_ANSWER_IN_TIME;
    }
    if (e instanceof ConnectException) {
      return "cannot connect" + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** {@code Retry-After}: seconds, or an HTTP date. */
  static Optional<Duration> retryAfter(Optional<String> header, Clock clock) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String v = header.get().strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** What the answer means for the job: its outcome, with the status and the body's head as reason. */
  public static Outcome outcome(String display, Answer a) {
    if (a.status() == null) {
      return NO_ANSWER_IN_TIME.equals(a.error())
          ? new Outcome(Outcome.Kind.FINAL, null, display + ": " + a.error() + " (a timeout is not retried)")
          : new Outcome(Outcome.Kind.RETRYABLE, null, display + ": " + a.error());
    }
    int s = a.status();
    String reason = display + " answered " + s + (a.bodyHead().isBlank() ? "" : ": " + oneLine(a.bodyHead()));
    if (s >= 200 && s < 300) {
      return Outcome.succeeded();
    }
    if (s == 408 || s == 429 || s >= 500) {
      return new Outcome(Outcome.Kind.RETRYABLE, null, reason);
    }
    return new Outcome(Outcome.Kind.FINAL, null, reason + " (not retried: sending it again cannot help)");
  }

  private static String oneLine(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  /** The lines the job's log (its stdout) gets for an attempt. */
  public static String log(String display, String key, Answer a) {
    StringBuilder sb = new StringBuilder();
    sb.append(display).append('\n').append(HttpJobSpec.IDEMPOTENCY_KEY).append(": ").append(key).append('\n');
    if (a.status() == null) {
      sb.append("no answer: ").append(a.error()).append('\n');
    } else {
      sb.append("HTTP ").append(a.status()).append('\n');
      a.retryAfter().ifPresent(d -> sb.append("Retry-After: ").append(d.toSeconds()).append(" s\n"));
      if (!a.bodyHead().isEmpty()) {
        sb.append(a.bodyHead()).append(a.bodyHead().endsWith("\n") ? "" : "\n");
      }
    }
    return sb.toString();
  }

  /** The start parameters of a job's run, by name (the variables the scheduler does not own). */
  public static Function<String, Optional<String>> params(Map<String, String> variables) {
    return name -> ProcessVariables.isOwn(name) ? Optional.empty()
        : Optional.ofNullable(variables.get(name));
  }
}
