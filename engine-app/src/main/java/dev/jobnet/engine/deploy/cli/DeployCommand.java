package dev.jobnet.engine.deploy.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code jobnet deploy FILE|DIR... [--url URL] [--tenant T]}: sends jobnet YAML to a running engine's
 * {@code POST /jobnet-api/deployments} and prints what happened: the deployed and unchanged roots (exit
 * 0), every finding as {@code file:line:column: CODE message} (exit 1, nothing deployed), or why it
 * could not deploy: usage, connection, credentials, permission (exit 2).
 *
 * <p>Uses the JDK only (this package must import nothing else): the launcher compiles it with
 * {@code javac} on first use, so it runs on a machine with a JDK and no build, no curl.
 */
public final class DeployCommand {

  public static final int OK = 0;
  public static final int FINDINGS = 1;
  public static final int FAILURE = 2;

  static final String DEFAULT_URL = "http://localhost:8080";
  static final String ENDPOINT = "/jobnet-api/deployments";

  static final String USAGE_TEXT = """
      usage: jobnet deploy FILE|DIR... [--url URL] [--tenant TENANT]
        Deploys jobnet YAML files, checked as one set with the roots already deployed, all or nothing.
        A directory stands for the *.yaml, *.yml, *.bpmn and *.dates files in it and below it. A BPMN process
        with a job (a task on a jobnet.* topic) or an expansion is checked as a jobnet; other BPMN is deployed
        as it is. A *.dates file holds the holidays a calendar names.
        --url URL        the engine (default: $JOBNET_URL, else http://localhost:8080)
        --tenant TENANT  deploy for this tenant (default: shared, without tenant)
        Credentials: JOBNET_USER and JOBNET_PASSWORD, else JOBNET_ADMIN_USER and JOBNET_ADMIN_PASSWORD.
      Exit status: 0 deployed (or unchanged), 1 findings (nothing deployed), 2 usage, connection,
      credentials or permission error.""";

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;

  DeployCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    var err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(new DeployCommand(System.getenv(), out, err).run(args));
  }

  int run(String[] args) {
    List<String> names = new ArrayList<>();
    String url = null;
    String tenant = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        out.println(USAGE_TEXT);
        return OK;
      } else if (a.equals("--url") || a.equals("--tenant")) {
        if (i + 1 >= args.length) {
          return usage("'" + a + "' needs a value");
        }
        if (a.equals("--url")) {
          url = args[++i];
        } else {
          tenant = args[++i];
        }
      } else if (a.startsWith("--url=")) {
        url = a.substring("--url=".length());
      } else if (a.startsWith("--tenant=")) {
        tenant = a.substring("--tenant=".length());
      } else if (a.startsWith("-")) {
        return usage("unknown option '" + a + "'");
      } else {
        names.add(a);
      }
    }
    if (names.isEmpty()) {
      return usage("name at least one jobnet file or directory");
    }
    if (url == null) {
      url = env.getOrDefault("JOBNET_URL", "");
      if (url.isBlank()) {
        url = DEFAULT_URL;
      }
    }
    URI endpoint;
    try {
      endpoint = endpoint(url, tenant);
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    String user = env.get("JOBNET_USER");
    String password = env.get("JOBNET_PASSWORD");
    if (isBlank(user)) {
      user = env.get("JOBNET_ADMIN_USER");
      password = env.get("JOBNET_ADMIN_PASSWORD");
    }
    if (isBlank(user) || password == null) {
      err.println("jobnet: no credentials: set JOBNET_USER and JOBNET_PASSWORD (or JOBNET_ADMIN_USER and"
          + " JOBNET_ADMIN_PASSWORD) to a user who may deploy");
      return FAILURE;
    }
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      Path p = Path.of(name);
      if (!Files.exists(p)) {
        return usage("no such file or directory: " + name);
      }
      try {
        files.addAll(expand(p));
      } catch (IOException | UncheckedIOException e) {
        err.println("jobnet: cannot read " + name + ": " + e.getMessage());
        return FAILURE;
      }
    }
    if (files.isEmpty()) {
      return usage("no *.yaml, *.yml or *.bpmn files in " + String.join(", ", names));
    }
    Multipart body = new Multipart();
    for (Path file : files) {
      try {
        body.addFile("file", slashed(file), Files.readAllBytes(file));
      } catch (IOException e) {
        err.println("jobnet: cannot read " + file + ": " + e.getMessage());
        return FAILURE;
      }
    }
    return send(endpoint, user, password, body.finish(), files.size());
  }

  private int send(URI endpoint, String user, String password, Multipart.Body body, int fileCount) {
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofMinutes(10))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", body.contentType())
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
        .build();
    HttpResponse<String> response;
    String engine = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      err.println("jobnet: cannot connect to the engine at " + engine + " (" + (e.getMessage() != null ? e.getMessage()
          : e instanceof ConnectException ? "connection refused" : "no answer within 10 s") + "): is it running"
          + " (./jobnet engine)? Set JOBNET_URL or --url to where it runs");
      return FAILURE;
    } catch (HttpTimeoutException e) {
      err.println("jobnet: the engine at " + engine + " did not answer within 10 minutes; the deployment may still"
          + " complete: check the engine's log before sending it again");
      return FAILURE;
    } catch (IOException e) {
      err.println("jobnet: the request to " + engine + " failed: " + describe(e)
          + (body.bytes().length > (2 << 20) ? " (the upload has " + body.bytes().length
              + " bytes: larger than the engine accepts? see jobnet.deployment.max-request-size)" : ""));
      return FAILURE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("jobnet: interrupted");
      return FAILURE;
    }
    return report(response, engine, user, fileCount);
  }

  private int report(HttpResponse<String> response, String engine, String user, int fileCount) {
    int status = response.statusCode();
    Map<String, Object> json = parseObject(response.body());
    String message = json != null && json.get("message") instanceof String m ? m : null;
    if (status == 200 || status == 201) {
      if (json == null) {
        err.println("jobnet: the engine at " + engine + " answered " + status + " but not with JSON: " + head(response.body()));
        return FAILURE;
      }
      int deployed = printRoots(json.get("deployed"), "deployed");
      int unchanged = printRoots(json.get("unchanged"), "unchanged");
      Object tenant = json.get("tenant");
      Object deployment = json.get("deploymentId");
      err.println("jobnet: " + deployed + " root jobnet(s) deployed, " + unchanged + " unchanged, from " + fileCount
          + " file(s)" + (tenant instanceof String t ? " for tenant " + t : "")
          + (deployment instanceof String d ? "; deployment " + d : "; nothing new was deployed"));
      return OK;
    }
    if (status == 400 && json != null && json.get("findings") instanceof List<?> findings && !findings.isEmpty()) {
      for (Object f : findings) {
        if (f instanceof Map<?, ?> finding) {
          out.println(finding.get("file") + ":" + number(finding.get("line")) + ":" + number(finding.get("column")) + ": "
              + finding.get("code") + " " + finding.get("message"));
        }
      }
      err.println("jobnet: " + (message != null ? message : findings.size() + " finding(s); nothing was deployed")
          + ". Codes are explained in docs/findings.md.");
      return FINDINGS;
    }
    String why = message != null ? message : head(response.body());
    switch (status) {
      case 401 -> err.println("jobnet: the engine at " + engine + " did not accept the credentials of user '" + user
          + "' (401): check JOBNET_USER and JOBNET_PASSWORD" + (message != null ? "; it said: " + message : ""));
      case 403 -> err.println("jobnet: user '" + user + "' may not deploy (403): " + why);
      case 404 -> err.println("jobnet: " + engine + " has no " + ENDPOINT + " (404): is JOBNET_URL the jobnet engine?");
      case 413 -> err.println("jobnet: the upload is too large (413): " + why);
      default -> err.println("jobnet: the engine at " + engine + " answered HTTP " + status + ": " + why);
    }
    return FAILURE;
  }

  private int printRoots(Object roots, String verb) {
    if (!(roots instanceof List<?> list)) {
      return 0;
    }
    for (Object r : list) {
      if (r instanceof Map<?, ?> root) {
        out.println(verb + " " + root.get("rootId") + " version " + number(root.get("version"))
            + " (" + root.get("processDefinitionId") + ")");
      }
    }
    return list.size();
  }

  static URI endpoint(String url, String tenant) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    URI uri;
    try {
      uri = new URI(base + ENDPOINT + (tenant == null ? "" : "?tenant=" + encode(tenant)));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http:// or https:// URL: " + url);
    }
    return uri;
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static List<Path> expand(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> walk = Files.walk(p)) {
      return walk.filter(f -> !hidden(p.relativize(f)))
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml") || f.toString().endsWith(".bpmn")
              || f.toString().endsWith(".dates"))
          .sorted()
          .toList();
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static String slashed(Path p) {
    return p.toString().replace('\\', '/');
  }

  private static Map<String, Object> parseObject(String body) {
    try {
      Object value = Json.parse(body == null ? "" : body);
      if (value instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
      }
    } catch (IllegalArgumentException e) {
      // not JSON: the caller shows the start of the body instead
    }
    return null;
  }

  private static String number(Object n) {
    return n instanceof Number x ? Long.toString(x.longValue()) : String.valueOf(n);
  }

  private static String head(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private int usage(String message) {
    err.println("jobnet: " + message);
    err.println(USAGE_TEXT);
    return FAILURE;
  }

  /** A multipart/form-data body (RFC 7578), built in memory. */
  static final class Multipart {
    private final String boundary = "jobnet-" + UUID.randomUUID();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    record Body(String contentType, byte[] bytes) {}

    void addFile(String field, String filename, byte[] content) {
      // Quotes and line breaks cannot stand in a quoted filename; percent-encode them as browsers do.
      String name = filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
      write("--" + boundary + "\r\n"
          + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + name + "\"\r\n"
          + "Content-Type: " + (filename.endsWith(".bpmn") ? "application/xml"
              : filename.endsWith(".dates") ? "text/plain" : "application/yaml") + "\r\n\r\n");
      bytes.writeBytes(content);
      write("\r\n");
    }

    Body finish() {
      write("--" + boundary + "--\r\n");
      return new Body("multipart/form-data; boundary=" + boundary, bytes.toByteArray());
    }

    private void write(String s) {
      bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }
}
