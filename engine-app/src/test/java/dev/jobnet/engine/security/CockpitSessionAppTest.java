package dev.jobnet.engine.security;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.engine.testing.EngineAppTest;
import dev.jobnet.engine.testing.TestUsers;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Cockpit plugin calls {@code /jobnet-api} with the operator's Cockpit log-in: the webapps'
 * session, and its CSRF token for a change. Without a log-in the answer stays 401.
 */
class CockpitSessionAppTest extends EngineAppTest {

  @LocalServerPort
  int port;

  @Autowired
  ProcessEngine engine;

  /** A browser-like client: cookies kept, the CSRF token Camunda's webapps issued read from its cookie. */
  private final class Session {
    final CookieManager cookies = new CookieManager();
    final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

    HttpResponse<String> send(String method, String path, String csrf, boolean xhr) throws IOException,
        InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .method(method, HttpRequest.BodyPublishers.noBody());
      if (csrf != null) {
        request.header("X-XSRF-TOKEN", csrf);
      }
      if (xhr) {
        request.header("X-Requested-With", "XMLHttpRequest");
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String csrfToken() {
      return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    }

    /** Logs in as Cockpit's log-in page does, then loads a page of the webapps (which issues the session's token). */
    void logIn(String user, String password) throws IOException, InterruptedException {
      send("GET", "/camunda/app/cockpit/default/", null, false);
      String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
          + URLEncoder.encode(password, StandardCharsets.UTF_8);
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
              + "/camunda/api/admin/auth/user/default/login/cockpit"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", csrfToken())
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as("log-in: %s", login.body()).isEqualTo(200);
      send("GET", "/camunda/api/engine/engine/default/incident/count", null, true);
    }
  }

  @Test
  void theCockpitLogInReadsTheJobnetApi() throws Exception {
    // given
    Session session = new Session();
    session.logIn(ADMIN, ADMIN_PASSWORD);
    // when
    HttpResponse<String> list = session.send("GET", "/jobnet-api/runs?max=1", null, true);
    // then
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    assertThat(list.body()).contains("\"runs\"");
  }

  @Test
  void aChangeWithTheCockpitLogInNeedsTheSessionsCsrfToken() throws Exception {
    // given
    Session session = new Session();
    session.logIn(ADMIN, ADMIN_PASSWORD);
    // when
    HttpResponse<String> without = session.send("DELETE", "/jobnet-api/runs/no-such-run", null, true);
    HttpResponse<String> wrong = session.send("DELETE", "/jobnet-api/runs/no-such-run", "not-the-token", true);
    HttpResponse<String> with = session.send("DELETE", "/jobnet-api/runs/no-such-run", session.csrfToken(), true);
    // then: refused before the endpoint without the token; with it the endpoint answers (the run is unknown)
    assertThat(assertProblem(without, 403, "INVALID_CSRF_TOKEN").get("detail").asText()).contains("no valid CSRF token");
    assertProblem(wrong, 403, "INVALID_CSRF_TOKEN");
    assertThat(assertProblem(with, 404, "NOT_FOUND").get("detail").asText()).contains("no run no-such-run");
  }

  @Test
  void withoutALogInTheAnswerIs401AndAScriptGetsNoBasicChallenge() throws Exception {
    // given
    Session session = new Session();
    session.send("GET", "/camunda/app/cockpit/default/", null, false);
    // when
    HttpResponse<String> browser = session.send("GET", "/jobnet-api/runs", null, false);
    HttpResponse<String> script = session.send("GET", "/jobnet-api/runs", null, true);
    // then
    assertThat(browser.statusCode()).isEqualTo(401);
    assertThat(browser.headers().firstValue("WWW-Authenticate")).contains(JobnetBasicAuthenticationProvider.CHALLENGE);
    assertThat(script.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(assertProblem(script, 401, "UNAUTHORIZED").get("detail").asText()).contains("log in to Cockpit");
  }

  @Test
  void theSessionOfAUserDeletedMeanwhileNoLongerAuthenticates() throws Exception {
    // given: an operator logged in to Cockpit
    String user = "gone-" + SecurityTestSupport.unique();
    TestUsers.create(engine, user, "gone-secret", JobnetGroups.OPERATORS);
    Session session = new Session();
    session.logIn(user, "gone-secret");
    assertThat(session.send("GET", "/jobnet-api/runs", null, true).statusCode()).isEqualTo(200);
    // when: an administrator deletes the user
    engine.getIdentityService().deleteUser(user);
    // then
    assertThat(session.send("GET", "/jobnet-api/runs", null, true).statusCode()).isEqualTo(401);
  }

  @Test
  void afterLoggingOutTheSessionNoLongerAuthenticates() throws Exception {
    // given
    Session session = new Session();
    session.logIn(ADMIN, ADMIN_PASSWORD);
    // when
    HttpResponse<String> logout = session.send("POST", "/camunda/api/admin/auth/user/default/logout",
        session.csrfToken(), true);
    HttpResponse<String> list = session.send("GET", "/jobnet-api/runs", null, true);
    // then
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(list.statusCode()).isEqualTo(401);
  }
}
