import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo backend of a web application (bpmn/http-jobs.yaml, docs/http-jobs.md): the "POST 2" and
 * "POST 3" of the job platform's sequence. Run it with the JDK alone:
 *
 * <pre>java bpmn/scripts/VideoBackend.java 9090</pre>
 *
 * <ul>
 *   <li>{@code POST /api/encode} with {@code {"video": ..., "jobnet": {"callbackUrl": ...}}}: answers
 *       202 at once, "encodes" for a moment, then posts {@code {"result": "ok"}} to the callback URL, or
 *       {@code {"result": "fail", "message": ...}} for a video whose name starts with {@code broken}.
 *   <li>{@code POST /api/publish} with {@code {"video": ...}}: answers 200 (the video is published).
 * </ul>
 *
 * A request whose {@code Idempotency-Key} it has seen is answered again without doing the work twice.
 * One line per request and per piece of work on stdout: {@code request <path> <key>}, {@code encoded
 * <video> <key>}, {@code failed <video> <key>}, {@code published <video> <key>}, {@code duplicate <key>}.
 */
public class VideoBackend {

  private static final Pattern CALLBACK = Pattern.compile("\"callbackUrl\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern VIDEO = Pattern.compile("\"video\"\\s*:\\s*\"([^\"]*)\"");

  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ScheduledExecutorService WORK = Executors.newScheduledThreadPool(4);

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/api/encode", VideoBackend::encode);
    server.createContext("/api/publish", VideoBackend::publish);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    say("listening on 127.0.0.1:" + server.getAddress().getPort());
  }

  private static void encode(HttpExchange x) throws IOException {
    String key = x.getRequestHeaders().getFirst("Idempotency-Key");
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    say("request /api/encode " + key);
    if (!"POST".equals(x.getRequestMethod())) {
      answer(x, 405, "{\"error\":\"POST only\"}");
      return;
    }
    String video = find(VIDEO, body);
    String callback = find(CALLBACK, body);
    if (video == null || callback == null) {
      answer(x, 400, "{\"error\":\"send {\\\"video\\\": ..., \\\"jobnet\\\": {\\\"callbackUrl\\\": ...}}\"}");
      return;
    }
    if (key != null && !SEEN.add(key)) {
      say("duplicate " + key);
      answer(x, 202, "{\"accepted\":\"" + video + "\",\"duplicate\":true}");
      return;
    }
    answer(x, 202, "{\"accepted\":\"" + video + "\"}");
    WORK.schedule(() -> {
      boolean broken = video.startsWith("broken");
      say((broken ? "failed " : "encoded ") + video + " " + key);
      String result = broken ? "{\"result\":\"fail\",\"message\":\"cannot decode " + video + "\"}"
          : "{\"result\":\"ok\"}";
      try {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(callback))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(result)).build(),
            HttpResponse.BodyHandlers.ofString());
        say("callback " + key + " " + r.statusCode() + " " + r.body());
      } catch (IOException | InterruptedException e) {
        say("callback " + key + " failed: " + e);
      }
    }, 300, TimeUnit.MILLISECONDS);
  }

  private static void publish(HttpExchange x) throws IOException {
    String key = x.getRequestHeaders().getFirst("Idempotency-Key");
    String video = find(VIDEO, new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    say("request /api/publish " + key);
    if (key != null && !SEEN.add(key)) {
      say("duplicate " + key);
    } else {
      say("published " + video + " " + key);
    }
    answer(x, 200, "{\"published\":\"" + video + "\"}");
  }

  private static String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static void answer(HttpExchange x, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
