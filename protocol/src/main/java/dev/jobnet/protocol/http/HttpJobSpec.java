package dev.jobnet.protocol.http;

import dev.jobnet.protocol.BpmnProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An http job as the converter writes it on the job's BPMN element ({@code jobnet.http.*}), its
 * placeholders not filled in.
 *
 * @param url the URL
 * @param method GET, POST, PUT, PATCH or DELETE
 * @param headers the request headers, by name, in written order
 * @param body the JSON body, or empty
 * @param callback whether the backend reports the result later to the callback URL
 */
public record HttpJobSpec(String url, String method, Map<String, String> headers, Optional<String> body,
    boolean callback) {

  /** The header every request carries: {@code <jobId>:<attempt>}. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  /** The member a callback job's JSON body gets beside those of {@code body:}. */
  public static final String CALLBACK_MEMBER = "jobnet";
  /** The methods an http job may use; the first of them when none is written is POST. */
  public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  public HttpJobSpec {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The http job of a task's extension properties; empty for a job that runs a command. */
  public static Optional<HttpJobSpec> of(Map<String, String> properties) {
    String url = properties.get(BpmnProperties.HTTP_URL);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    properties.forEach((k, v) -> {
      if (k.startsWith(BpmnProperties.HTTP_HEADER_PREFIX) && v != null) {
        headers.put(k.substring(BpmnProperties.HTTP_HEADER_PREFIX.length()), v);
      }
    });
    return Optional.of(new HttpJobSpec(url.strip(), properties.getOrDefault(BpmnProperties.HTTP_METHOD, "POST"),
        headers, Optional.ofNullable(properties.get(BpmnProperties.HTTP_BODY)).filter(b -> !b.isBlank()),
        "true".equals(properties.get(BpmnProperties.HTTP_CALLBACK))));
  }

  /**
   * Why a URL as written (its placeholders counted as plain words) is no absolute http or https URL:
   * the reason of a URL that cannot be read at all, or the empty text for one that reads but is not
   * absolute; empty when it is one.
   */
  public static Optional<String> urlProblem(String url) {
    String plain = Placeholders.PLACEHOLDER.matcher(url).replaceAll("x");
    try {
      URI uri = new URI(plain);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? Optional.empty()
          : Optional.of("");
    } catch (URISyntaxException e) {
      return Optional.of(e.getReason() + " at character " + (e.getIndex() + 1));
    }
  }

  /** The idempotency key of an attempt of the job with run-time id {@code jobId}. */
  public static String idempotencyKey(String jobId, int attempt) {
    return jobId + ":" + attempt;
  }

  /** How operators read the job: {@code POST https://video.internal/api/encode}. */
  public String display() {
    return method + " " + url;
  }
}
