package dev.jobnet.engine.jobs;

import static dev.jobnet.engine.testing.ProblemAnswers.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobnet.engine.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.unit.DataSize;

/** Shipping a job's output in pieces and reading its head and tail, with a small cap from the configuration. */
@TestPropertySource(properties = "jobnet.jobs.output-cap=" + JobOutputAppTest.CAP)
class JobOutputAppTest extends JobsAppTestBase {

  static final String CAP = "64KB";
  private static final int CAP_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  JobsProperties properties;

  String key;
  LockedExternalTask task;

  @BeforeEach
  void aRunningJob() {
    key = deploy("shop");
    task = startAndFetch(key, "shop", "agent-1", 60_000);
  }

  private String output(String stream) {
    return "/jobnet-api/jobs/" + task.getId() + "/output/" + stream;
  }

  private ResponseEntity<String> ship(String stream, int attempt, long offset, byte[] bytes) {
    return postBytes(agent(), output(stream) + "?attempt=" + attempt + "&offset=" + offset, bytes);
  }

  private static long received(ResponseEntity<String> response) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
    return JSON.readTree(response.getBody()).get("received").asLong();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Numbered lines, {@code size} bytes in all. */
  private static byte[] lines(int size) {
    StringBuilder b = new StringBuilder(size + 32);
    for (int i = 0; b.length() < size; i++) {
      b.append("line ").append(i).append(" of the job's output\n");
    }
    return ascii(b.substring(0, size));
  }

  @Test
  void piecesWithOffsetsAreStoredOnceAndAGapIsRefused() throws Exception {
    // when
    long afterFirst = received(ship("stdout", 1, 0, ascii("hello ")));
    long afterSecond = received(ship("stdout", 1, 6, ascii("world\n")));
    long afterRepeat = received(ship("stdout", 1, 0, ascii("hello ")));
    long afterOverlap = received(ship("stdout", 1, 6, ascii("world\nmore")));
    ResponseEntity<String> gap = ship("stdout", 1, 100, ascii("later"));
    // then
    assertThat(afterFirst).isEqualTo(6);
    assertThat(afterSecond).isEqualTo(12);
    assertThat(afterRepeat).isEqualTo(12);
    assertThat(afterOverlap).isEqualTo(16);
    JsonNode body = assertProblem(gap, 409, "OFFSET_GAP");
    assertThat(body.get("expectedOffset").asLong()).isEqualTo(16);
    // and it reads back whole
    ResponseEntity<String> read = agent().getForEntity(output("stdout"), String.class);
    assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("text/plain;charset=UTF-8"));
    assertThat(read.getBody()).isEqualTo("hello world\nmore");
    assertThat(read.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo("16");
    assertThat(read.getHeaders().getFirst("X-Jobnet-Truncated")).isEqualTo("false");
    // and stderr is a stream of its own: nothing shipped on it yet
    ResponseEntity<String> stderr = agent().getForEntity(output("stderr"), String.class);
    assertThat(stderr.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(stderr.getBody()).isNull();
    assertThat(stderr.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo("0");
  }

  @Test
  void moreThanTheCapKeepsHeadAndTailAndCountsEveryByte() throws Exception {
    // given: 300 KiB, cap 64 KiB; in pieces of 40 KiB, one of 100 KiB (larger than the whole tail), repeats
    assertThat(properties.outputCap()).isEqualTo(DataSize.parse(CAP));
    byte[] all = lines(300 * 1024);
    int[] sizes = {40, 40, 100, 40, 40, 40};
    long offset = 0;
    for (int kib : sizes) {
      int length = (int) Math.min(kib * 1024, all.length - offset);
      byte[] piece = Arrays.copyOfRange(all, (int) offset, (int) offset + length);
      // when
      long total = received(ship("stdout", 1, offset, piece));
      assertThat(received(ship("stdout", 1, offset, piece))).as("repeated piece").isEqualTo(total);
      offset = total;
    }
    assertThat(offset).isEqualTo(all.length);
    // then
    ResponseEntity<String> read = agent().getForEntity(output("stdout"), String.class);
    assertThat(read.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo(Integer.toString(all.length));
    assertThat(read.getHeaders().getFirst("X-Jobnet-Truncated")).isEqualTo("true");
    String head = new String(all, 0, CAP_BYTES / 2, StandardCharsets.US_ASCII);
    String tail = new String(all, all.length - CAP_BYTES / 2, CAP_BYTES / 2, StandardCharsets.US_ASCII);
    assertThat(read.getBody()).isEqualTo(head + "\n… [" + (all.length - CAP_BYTES) + " bytes not kept] …\n" + tail);
    assertThat(read.getBody()).startsWith("line 0 of the job's output\n");
    assertThat(storedBytes(task.getId())).isEqualTo(CAP_BYTES);
  }

  @Test
  void anAgentThatKnowsTheFinalLengthSendsOnlyWhatIsKept() throws Exception {
    // given: 300 KiB of output, cap 64 KiB; 40 KiB shipped while the command ran
    byte[] all = lines(300 * 1024);
    received(ship("stdout", 1, 0, Arrays.copyOf(all, 40 * 1024)));
    // when: the command ended; the agent says the length and goes on where the answer says
    ResponseEntity<String> answer = postBytes(agent(), output("stdout") + "?attempt=1&offset=" + 40 * 1024
        + "&length=" + all.length, Arrays.copyOfRange(all, 40 * 1024, 41 * 1024));
    long next = JSON.readTree(answer.getBody()).get("next").asLong();
    ResponseEntity<String> rest = postBytes(agent(), output("stdout") + "?attempt=1&offset=" + next + "&length="
        + all.length, Arrays.copyOfRange(all, (int) next, all.length));
    // then
    assertThat(next).isEqualTo(all.length - CAP_BYTES / 2);
    assertThat(received(rest)).isEqualTo(all.length);
    assertThat(JSON.readTree(rest.getBody()).get("next").asLong()).isEqualTo(all.length);
    ResponseEntity<String> read = agent().getForEntity(output("stdout"), String.class);
    String head = new String(all, 0, CAP_BYTES / 2, StandardCharsets.US_ASCII);
    String tail = new String(all, all.length - CAP_BYTES / 2, CAP_BYTES / 2, StandardCharsets.US_ASCII);
    assertThat(read.getBody()).isEqualTo(head + "\n… [" + (all.length - CAP_BYTES) + " bytes not kept] …\n" + tail);
    assertThat(read.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo(Integer.toString(all.length));
  }

  @Test
  void aFinalLengthBelowTheOffsetIsRefused() throws Exception {
    ResponseEntity<String> r = postBytes(agent(), output("stdout") + "?attempt=1&offset=10&length=5", ascii("x"));
    assertThat(assertProblem(r, 400, "BAD_REQUEST").get("detail").asText())
        .contains("length (the stream's final length)");
  }

  @Test
  void theOutputIsReadByRunAndElementAfterTheJobCompleted() throws Exception {
    // given: two attempts shipped, then the job completes
    received(ship("stderr", 1, 0, ascii("first attempt failed\n")));
    received(ship("stderr", 2, 0, ascii("second attempt\n")));
    engine.getExternalTaskService().complete(task.getId(), "agent-1");
    String byJob = "/jobnet-api/runs/" + task.getProcessInstanceId() + "/jobs/" + task.getActivityId()
        + "/output/stderr";
    // when
    ResponseEntity<String> latest = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob, String.class);
    ResponseEntity<String> firstAttempt = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob + "?attempt=1", String.class);
    ResponseEntity<String> byTask = agent().getForEntity(output("stderr") + "?attempt=1", String.class);
    // then
    assertThat(latest.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(latest.getBody()).isEqualTo("second attempt\n");
    assertThat(latest.getHeaders().getFirst("X-Jobnet-Attempt")).isEqualTo("2");
    assertThat(firstAttempt.getBody()).isEqualTo("first attempt failed\n");
    assertThat(byTask.getBody()).isEqualTo("first attempt failed\n");
    // and shipping more once the task is gone starts nothing new
    assertProblem(ship("stdout", 1, 0, ascii("late")), 404, "NOT_FOUND");
  }

  @Test
  void anEmptyStreamOfAKnownJobIsEmptyAndAnUnknownRunOrJobIs404() throws Exception {
    // given: the job runs and has shipped nothing
    String byJob = "/jobnet-api/runs/" + task.getProcessInstanceId() + "/jobs/" + task.getActivityId() + "/output/";
    // when
    ResponseEntity<String> stdout = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob + "stdout", String.class);
    ResponseEntity<String> stderrOfAttempt = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob + "stderr?attempt=1",
        String.class);
    ResponseEntity<String> byTask = as(ADMIN, ADMIN_PASSWORD).getForEntity(output("stderr"), String.class);
    ResponseEntity<String> unknownRun = as(ADMIN, ADMIN_PASSWORD).getForEntity(
        "/jobnet-api/runs/no-such-run/jobs/" + task.getActivityId() + "/output/stdout", String.class);
    ResponseEntity<String> unknownJob = as(ADMIN, ADMIN_PASSWORD).getForEntity(
        "/jobnet-api/runs/" + task.getProcessInstanceId() + "/jobs/no-such-job/output/stdout", String.class);
    ResponseEntity<String> unknownTask = as(ADMIN, ADMIN_PASSWORD).getForEntity(
        "/jobnet-api/jobs/no-such-task/output/stdout", String.class);
    // then: 200, empty, with the usual headers (the attempt when one is known)
    for (ResponseEntity<String> empty : java.util.List.of(stdout, stderrOfAttempt, byTask)) {
      assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.OK);
      assertThat(empty.getBody()).isNull();
      assertThat(empty.getHeaders().getContentType()).isEqualTo(MediaType.parseMediaType("text/plain;charset=UTF-8"));
      assertThat(empty.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo("0");
      assertThat(empty.getHeaders().getFirst("X-Jobnet-Truncated")).isEqualTo("false");
    }
    assertThat(stderrOfAttempt.getHeaders().getFirst("X-Jobnet-Attempt")).isEqualTo("1");
    assertProblem(unknownRun, 404, "NOT_FOUND");
    assertProblem(unknownJob, 404, "NOT_FOUND");
    assertProblem(unknownTask, 404, "NOT_FOUND");
  }

  @Test
  void bothStreamsAreReadOfTheSameAttemptAndTheAttemptsAreListed() throws Exception {
    // given: attempt 1 wrote to stdout and stderr, attempt 2 (running) to stdout only
    received(ship("stdout", 1, 0, ascii("out 1\n")));
    received(ship("stderr", 1, 0, ascii("err 1\n")));
    received(ship("stdout", 2, 0, ascii("out 2\n")));
    String byJob = "/jobnet-api/runs/" + task.getProcessInstanceId() + "/jobs/" + task.getActivityId() + "/output";
    // when
    ResponseEntity<String> stderr = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob + "/stderr", String.class);
    ResponseEntity<String> stderrByTask = as(ADMIN, ADMIN_PASSWORD).getForEntity(output("stderr"), String.class);
    ResponseEntity<String> attempts = as(ADMIN, ADMIN_PASSWORD).getForEntity(byJob, String.class);
    ResponseEntity<String> unknown = as(ADMIN, ADMIN_PASSWORD).getForEntity(
        "/jobnet-api/runs/" + task.getProcessInstanceId() + "/jobs/no-such-job/output", String.class);
    // then: the latest attempt's stderr (empty), not attempt 1's
    assertThat(stderr.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(stderr.getBody()).isNull();
    assertThat(stderr.getHeaders().getFirst("X-Jobnet-Attempt")).isEqualTo("2");
    assertThat(stderrByTask.getBody()).isNull();
    assertThat(stderrByTask.getHeaders().getFirst("X-Jobnet-Attempt")).isEqualTo("2");
    assertThat(attempts.getStatusCode()).as(attempts.getBody()).isEqualTo(HttpStatus.OK);
    JsonNode list = JSON.readTree(attempts.getBody());
    assertThat(list.get("current").asInt()).isEqualTo(2);
    assertThat(list.get("attempts").toString()).isEqualTo("[{\"attempt\":1,\"stdoutBytes\":6,\"stderrBytes\":6},"
        + "{\"attempt\":2,\"stdoutBytes\":6,\"stderrBytes\":0}]");
    assertProblem(unknown, 404, "NOT_FOUND");
  }

  @Test
  void aCamundaAdministratorIsAnOperatorHere() throws Exception {
    // given: a member of camunda-admin only, not of jobnet-admins
    received(ship("stdout", 1, 0, ascii("out\n")));
    TestRestTemplate camundaAdmin = camundaAdminOnly();
    // when
    ResponseEntity<String> read = camundaAdmin.getForEntity(output("stdout"), String.class);
    ResponseEntity<String> shipped = postBytes(camundaAdmin, output("stdout") + "?attempt=1&offset=4", ascii("more\n"));
    // then
    assertThat(read.getStatusCode()).as(read.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(read.getBody()).isEqualTo("out\n");
    assertThat(received(shipped)).isEqualTo(9);
  }

  @Test
  void anApplicationReadsTheOutputOfItsOwnRunsOnly() throws Exception {
    // given: a run of shop with output, and a run of bank with output
    received(ship("stdout", 1, 0, ascii("shop's output\n")));
    String bankKey = deploy("bank");
    LockedExternalTask bankTask = startAndFetch(bankKey, "bank", "agent-1", 60_000);
    assertThat(postBytes(agent(), "/jobnet-api/jobs/" + bankTask.getId() + "/output/stdout?attempt=1&offset=0",
        ascii("bank's output\n")).getStatusCode()).isEqualTo(HttpStatus.OK);
    // when
    ResponseEntity<String> own = as(SHOP_APP, SHOP_PASSWORD).getForEntity(output("stdout"), String.class);
    ResponseEntity<String> other = as(SHOP_APP, SHOP_PASSWORD)
        .getForEntity("/jobnet-api/jobs/" + bankTask.getId() + "/output/stdout", String.class);
    ResponseEntity<String> otherByRun = as(SHOP_APP, SHOP_PASSWORD).getForEntity("/jobnet-api/runs/"
        + bankTask.getProcessInstanceId() + "/jobs/" + bankTask.getActivityId() + "/output/stdout", String.class);
    ResponseEntity<String> shipping = postBytes(as(SHOP_APP, SHOP_PASSWORD),
        output("stdout") + "?attempt=1&offset=14", ascii("forged"));
    ResponseEntity<String> anonymous = rest.getForEntity(output("stdout"), String.class);
    // then
    assertThat(own.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(own.getBody()).isEqualTo("shop's output\n");
    assertProblem(other, 404, "NOT_FOUND");
    assertProblem(otherByRun, 404, "NOT_FOUND");
    assertThat(assertProblem(shipping, 403, "FORBIDDEN").get("detail").asText())
        .contains("only members of jobnet-agents, jobnet-admins and camunda-admin may");
    assertProblem(anonymous, 401, "UNAUTHORIZED");
  }

  @Test
  void badRequestsAreRefusedWithAReason() throws Exception {
    // when
    ResponseEntity<String> tooLarge = ship("stdout", 1, 0, new byte[4 * 1024 * 1024 + 1]);
    ResponseEntity<String> unknownStream = ship("stdlog", 1, 0, ascii("x"));
    ResponseEntity<String> unknownTask = postBytes(agent(), "/jobnet-api/jobs/no-such-task/output/stdout?attempt=1&offset=0",
        ascii("x"));
    ResponseEntity<String> negativeOffset = ship("stdout", 1, -1, ascii("x"));
    ResponseEntity<String> notANumber = postBytes(agent(), output("stdout") + "?attempt=1&offset=zero", ascii("x"));
    ResponseEntity<String> noOffset = postBytes(agent(), output("stdout") + "?attempt=1", ascii("x"));
    // then
    assertThat(assertProblem(tooLarge, 413, "PAYLOAD_TOO_LARGE").get("detail").asText())
        .contains("at most 4194304 bytes per request");
    assertThat(assertProblem(unknownStream, 400, "BAD_REQUEST").get("detail").asText())
        .contains("unknown output stream 'stdlog'");
    assertProblem(unknownTask, 404, "NOT_FOUND");
    assertProblem(negativeOffset, 400, "BAD_REQUEST");
    assertThat(assertProblem(notANumber, 400, "BAD_REQUEST").get("detail").asText())
        .isEqualTo("offset must be a number, not 'zero'");
    assertThat(assertProblem(noOffset, 400, "BAD_REQUEST").get("detail").asText()).contains("offset");
    // and nothing was stored
    ResponseEntity<String> stdout = agent().getForEntity(output("stdout"), String.class);
    assertThat(stdout.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(stdout.getHeaders().getFirst("X-Jobnet-Total-Bytes")).isEqualTo("0");
  }

  private static long storedBytes(String taskId) throws Exception {
    try (Connection c = TestDatabase.shared().connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT COALESCE(SUM(OCTET_LENGTH(content)), 0) FROM jobnet_job_log_chunk WHERE external_task_id = ?")) {
      ps.setString(1, taskId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
