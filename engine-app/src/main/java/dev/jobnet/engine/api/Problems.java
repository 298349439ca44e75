package dev.jobnet.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The one error body of {@code /jobnet-api}: an RFC 9457 problem ({@code application/problem+json})
 * with {@code type} ({@value #TYPE_PREFIX}{@code <reason>}), {@code title}, {@code status},
 * {@code detail} and {@code instance} (the request's path), and the extension members {@value #REASON}
 * (the stable code programs act on), {@value #MESSAGE} (the same text as {@code detail}, which clients
 * of the earlier format read) and whatever else the answer carries ({@code expectedOffset},
 * {@code findings}, ...). Documented in {@code docs/rest-api.md}.
 */
public final class Problems {

  /** How every {@code type} begins; the rest is the {@link #REASON}. A name, not an address. */
  public static final String TYPE_PREFIX = "urn:jobnet:problem:";
  /** The stable code of what went wrong, e.g. {@code ALREADY_STARTED}. */
  public static final String REASON = "reason";
  /** The human-readable text again, as the earlier bodies carried it. */
  public static final String MESSAGE = "message";

  // the reasons every feature may answer; features add their own (OFFSET_GAP, NOT_STUCK, ...)
  public static final String BAD_REQUEST = "BAD_REQUEST";
  public static final String UNAUTHORIZED = "UNAUTHORIZED";
  public static final String FORBIDDEN = "FORBIDDEN";
  public static final String NOT_FOUND = "NOT_FOUND";
  public static final String CONFLICT = "CONFLICT";
  public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
  public static final String CONCURRENT_UPDATE = "CONCURRENT_UPDATE";

  /** Titles that say more than the reason's words; the others are the reason in words ("Offset gap"). */
  private static final Map<String, String> TITLES = Map.of(
      "RUNNING", "Run still running",
      "NOT_A_ROOT", "Not a root run",
      "STARTED_BY_ANOTHER", "Started by another worker",
      "CONFLICT", "Conflict with the job's state",
      "DEFINITIONS_REJECTED", "Definitions rejected",
      "INVALID_CSRF_TOKEN", "Invalid CSRF token");

  /** Writes {@link ProblemDetail} as Spring MVC does: its properties as members of their own. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

  private Problems() {}

  /** A problem without further members. */
  public static ProblemDetail of(HttpStatusCode status, String reason, String detail) {
    return of(status, reason, detail, Map.of());
  }

  /**
   * A problem: {@code reason} and {@code detail} as above, then {@code members} in their order,
   * then {@value #MESSAGE}.
   */
  public static ProblemDetail of(HttpStatusCode status, String reason, String detail, Map<String, ?> members) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + reason));
    problem.setTitle(title(reason));
    problem.setProperty(REASON, reason);
    members.forEach(problem::setProperty);
    problem.setProperty(MESSAGE, detail);
    return problem;
  }

  /** The answer of a controller or an exception handler: the problem with its status and media type. */
  public static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
    return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }

  /** Writes the problem as the answer of a filter (no controller involved), with the request's path as instance. */
  public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
      throws IOException {
    if (problem.getInstance() == null) {
      problem.setInstance(URI.create(request.getRequestURI()));
    }
    byte[] body = JSON.writeValueAsBytes(problem);
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  /** {@code ALREADY_STARTED} → "Already started", unless {@link #TITLES} has better words. */
  static String title(String reason) {
    String title = TITLES.get(reason);
    if (title != null) {
      return title;
    }
    String words = reason.replace('_', ' ').toLowerCase(Locale.ROOT);
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }
}
