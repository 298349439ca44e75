package dev.jobnet.converter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.jobnet.converter.model.Job;
import dev.jobnet.converter.model.JobnetBody;
import dev.jobnet.converter.model.RootJobnet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The example jobnets in {@code bpmn/} are what operators copy from, and {@code docs/jobnet.schema.json}
 * is what their editors check against: both must stay true to the converter. The examples must validate
 * as one set and convert; every example must match the schema; and on small documents the schema and
 * the converter's reader must agree on what is valid (graph rules such as cycles or unknown {@code next}
 * ids are beyond a schema and are left out).
 */
class ExamplesTest {

  /** Surefire runs in the module directory; the examples and docs live at the repository root. */
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path EXAMPLES = REPO.resolve("bpmn");
  private static final Path SCHEMA = REPO.resolve("docs").resolve("jobnet.schema.json");
  private static final String MODELINE = "# yaml-language-server: $schema=../docs/jobnet.schema.json";

  private final JobnetConverter converter = new JobnetConverter();

  @Test
  void theExamplesValidateAsOneSetWithoutFindings() {
    // given
    List<SourceFile> sources = exampleSources();

    // when
    Validation validation = converter.validate(sources);

    // then
    assertThat(validation.findings()).as("findings in bpmn/").isEmpty();
    assertThat(validation.set().roots()).extracting(RootJobnet::id)
        .containsExactlyInAnyOrderElementsOf(rootIdsWrittenInTheExamples());
  }

  @Test
  void theExamplesConvertToOneExecutableBpmnProcessPerRootJobnet() {
    // given
    Validation validation = converter.validate(exampleSources());

    // when
    List<ConvertedJobnet> converted = converter.convert(validation);

    // then
    assertThat(converted).extracting(ConvertedJobnet::rootId)
        .containsExactlyInAnyOrderElementsOf(rootIdsWrittenInTheExamples());
    for (ConvertedJobnet c : converted) {
      BpmnModelInstance model = Bpmn.readModelFromStream(
          new ByteArrayInputStream(c.bpmnXml().getBytes(StandardCharsets.UTF_8)));
      Process process = model.getModelElementById(c.rootId());
      assertThat(process).as("process %s", c.rootId()).isNotNull();
      assertThat(process.isExecutable()).as("process %s is executable", c.rootId()).isTrue();
    }
  }

  @Test
  void everyScenarioOfTheGuideHasItsExampleWithAHeaderAndTheSchemaModeline() throws IOException {
    // given
    List<String> scenarios = List.of("job-test", "parallel-join", "nested-finally", "expansion", "retries",
        "long-running", "huge-output", "missing-command", "nightly");

    for (String scenario : scenarios) {
      // when
      Path file = EXAMPLES.resolve(scenario + ".yaml");

      // then
      assertThat(file).as("example for %s", scenario).isRegularFile();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(lines.get(0)).as("first line of %s", file.getFileName()).isEqualTo(MODELINE);
      assertThat(lines.stream().takeWhile(l -> l.startsWith("#")).count())
          .as("comment header of %s", file.getFileName()).isGreaterThan(5);
      assertThat(String.join("\n", lines)).as("header of %s", file.getFileName()).contains("What to expect");
    }
  }

  @Test
  void theScriptsTheExamplesRunExistAndAreExecutableExceptTheOneThatMustNotBe() {
    // given
    Validation validation = converter.validate(exampleSources());
    List<String> commands = new ArrayList<>();
    validation.set().roots().forEach(r -> collectCommands(r.body(), commands));

    // when
    List<Path> scripts = commands.stream()
        .map(c -> c.split("\\s+")[0])
        .filter(p -> p.startsWith("bpmn/scripts/"))
        .distinct()
        .map(REPO::resolve)
        .toList();

    // then
    assertThat(scripts).as("scripts named by the examples").isNotEmpty();
    for (Path script : scripts) {
      assertThat(script).isRegularFile();
      boolean meantToFail = script.getFileName().toString().startsWith("not-executable");
      assertThat(Files.isExecutable(script)).as("%s is executable", script.getFileName()).isEqualTo(!meantToFail);
    }
  }

  static Stream<Path> exampleFiles() {
    return exampleFileList().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyExampleMatchesTheEditorSchema(Path file) throws IOException {
    // given
    JsonNode document = yamlAsJson(Files.readString(file, StandardCharsets.UTF_8));

    // when
    Set<ValidationMessage> errors = schema().validate(document);

    // then
    assertThat(errors).as("schema errors in %s", file.getFileName()).isEmpty();
  }

  @Test
  void aTypoInAKeyFailsTheSchemaAsItFailsTheConverter() {
    // given
    String yaml = """
        version: 1
        jobnets:
          typo:
            jobs:
              load:
                run: /opt/batch/load.sh
                retyr: 3
        """;

    // when
    Set<ValidationMessage> errors = schema().validate(yamlAsJson(yaml));
    Validation validation = converter.validate(List.of(new SourceFile("typo.yaml", yaml)));

    // then
    assertThat(errors).isNotEmpty();
    assertThat(errors).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("retyr"));
    assertThat(validation.findings()).extracting(Finding::code).containsExactly(FindingCode.UNKNOWN_KEY);
  }

  static Stream<Arguments> documents() {
    String head = "jobnets:\n  r:\n";
    return Stream.of(
        // valid
        Arguments.of("shorthand job", true, head + "    jobs:\n      a: echo hi\n"),
        Arguments.of("all file keys", true, "version: 1\ndefaults:\n  server: batch-1\n  retry: 2\n  timeout: 1h\n"
            + "  workdir: /tmp\n  env: { A: x }\n" + head + "    jobs: { a: echo hi }\n"),
        Arguments.of("all root keys", true, head + "    name: 夜間取込\n    schedule: \"0 0 2 * * ?\"\n"
            + "    server: s.1\n    retry: 0\n    timeout: PT2H\n    workdir: /tmp\n    env: { A: x }\n"
            + "    jobs: { a: echo hi }\n    finally: { jobs: { f: echo bye } }\n"),
        Arguments.of("all job keys", true, head + "    jobs:\n      a:\n        name: 抽出\n        run: echo hi\n"
            + "        next: [b]\n        server: batch_2\n        retry: 3\n        timeout: 1h30m\n"
            + "        workdir: /tmp\n        env: { A: x }\n      b: { run: echo b }\n"),
        Arguments.of("next as one id", true, head + "    jobs:\n      a: { run: echo a, next: b }\n      b: echo b\n"),
        Arguments.of("nested jobnet with its own finally and settings", true, head + "    jobs:\n      n:\n"
            + "        jobnet:\n          server: x\n          jobs: { a: echo a }\n"
            + "          finally: { jobs: { f: echo f }, finally: { jobs: { g: echo g } } }\n"),
        Arguments.of("expansion of another root", true, head + "    jobs: { a: { expand: s } }\n"
            + "  s:\n    jobs: { b: echo b }\n"),
        Arguments.of("full retry policy", true, head + "    retry: { retries: 3, backoff: 0s, factor: 1.5,"
            + " maxBackoff: 5m, jitter: 0 }\n    jobs: { a: echo a }\n"),
        Arguments.of("empty retry policy", true, head + "    retry: {}\n    jobs: { a: echo a }\n"),
        Arguments.of("durations", true, head + "    jobs:\n      a: { run: echo a, timeout: 500ms }\n"
            + "      b: { run: echo b, timeout: 1d }\n      c: { run: echo c, timeout: PT1.5S }\n"),
        Arguments.of("cron with month and day names", true, head + "    schedule: \"0 30 2 ? JAN-JUN MON-FRI\"\n"
            + "    jobs: { a: echo a }\n"),
        Arguments.of("env values that are numbers, booleans or nothing", true, head
            + "    env: { PORT: 5432, DEBUG: true, EMPTY: }\n    jobs: { a: echo a }\n"),
        Arguments.of("a command YAML reads as a boolean", true, head + "    jobs: { a: { run: true }, b: false }\n"),
        Arguments.of("long-form schedule with a calendar", true, "calendars:\n  jp:\n    weekdays: [MON, FRI]\n"
            + "    holidays: [\"2026-12-31\"]\n" + head + "    schedule:\n      cron: \"0 0 2 * * ?\"\n"
            + "      timezone: Asia/Tokyo\n      calendar: jp\n      onClosedDay: next-open-day\n      missed: all\n"
            + "      overlap: queue\n    jobs: { a: echo a }\n"),
        Arguments.of("long-form schedule with its cron only", true, head + "    schedule: { cron: \"0 0 2 * * ?\" }\n"
            + "    jobs: { a: echo a }\n"),
        Arguments.of("a file of calendars only", true, "calendars:\n  weekend:\n    weekdays: [SAT, SUN]\n"),
        Arguments.of("merge key", true, "defaults: &d\n  server: s\n" + head
            + "    <<: *d\n    jobs: { a: echo a }\n"),
        // invalid
        Arguments.of("typo in a job key", false, head + "    jobs:\n      a: { run: echo a, retyr: 3 }\n"),
        Arguments.of("typo in a root key", false, head + "    shedule: \"0 0 2 * * ?\"\n    jobs: { a: echo a }\n"),
        Arguments.of("typo in a file key", false, "defualts: {}\n" + head + "    jobs: { a: echo a }\n"),
        Arguments.of("no jobnets", false, "version: 1\n"),
        Arguments.of("no root jobnet", false, "jobnets: {}\n"),
        Arguments.of("root without jobs", false, head + "    name: x\n"),
        Arguments.of("empty jobs", false, head + "    jobs: {}\n"),
        Arguments.of("schedule in a nested jobnet", false, head + "    jobs:\n      n:\n        jobnet:\n"
            + "          schedule: \"0 0 2 * * ?\"\n          jobs: { a: echo a }\n"),
        Arguments.of("name in a nested jobnet body", false, head + "    jobs:\n      n:\n        jobnet:\n"
            + "          name: x\n          jobs: { a: echo a }\n"),
        Arguments.of("job with run and expand", false, head + "    jobs: { a: { run: echo a, expand: s } }\n"
            + "  s:\n    jobs: { b: echo b }\n"),
        Arguments.of("job with no action", false, head + "    jobs: { a: { name: x } }\n"),
        Arguments.of("empty job", false, head + "    jobs:\n      a:\n"),
        Arguments.of("empty command", false, head + "    jobs: { a: \"\" }\n"),
        Arguments.of("run as a list", false, head + "    jobs: { a: { run: [echo, a] } }\n"),
        Arguments.of("job id starting with a digit", false, head + "    jobs: { 1st: echo a }\n"),
        Arguments.of("root id with a dot", false, "jobnets:\n  r.x:\n    jobs: { a: echo a }\n"),
        Arguments.of("id longer than 64 characters", false, head + "    jobs: { " + "a".repeat(65) + ": echo a }\n"),
        Arguments.of("next naming the same job twice", false, head
            + "    jobs:\n      a: { run: echo a, next: [b, b] }\n      b: echo b\n"),
        Arguments.of("next as a mapping", false, head + "    jobs:\n      a: { run: echo a, next: { b: 1 } }\n"
            + "      b: echo b\n"),
        Arguments.of("version 2", false, "version: 2\n" + head + "    jobs: { a: echo a }\n"),
        Arguments.of("version as text", false, "version: \"1\"\n" + head + "    jobs: { a: echo a }\n"),
        Arguments.of("duration in words", false, head + "    timeout: 10 minutes\n    jobs: { a: echo a }\n"),
        Arguments.of("duration without unit", false, head + "    timeout: 30\n    jobs: { a: echo a }\n"),
        Arguments.of("zero timeout", false, head + "    timeout: 0s\n    jobs: { a: echo a }\n"),
        Arguments.of("zero ISO timeout", false, head + "    timeout: PT0S\n    jobs: { a: echo a }\n"),
        Arguments.of("ISO duration without parts", false, head + "    timeout: PT\n    jobs: { a: echo a }\n"),
        Arguments.of("negative retry", false, head + "    retry: -1\n    jobs: { a: echo a }\n"),
        Arguments.of("too many retries", false, head + "    retry: 1001\n    jobs: { a: echo a }\n"),
        Arguments.of("retry as text", false, head + "    retry: \"3\"\n    jobs: { a: echo a }\n"),
        Arguments.of("retry attempts instead of retries", false, head + "    retry: { attempts: 3 }\n"
            + "    jobs: { a: echo a }\n"),
        Arguments.of("jitter above 1", false, head + "    retry: { jitter: 1.5 }\n    jobs: { a: echo a }\n"),
        Arguments.of("factor below 1", false, head + "    retry: { factor: 0.5 }\n    jobs: { a: echo a }\n"),
        Arguments.of("cron with a year", false, head + "    schedule: \"0 0 2 1,15 * ? 2030\"\n    jobs: { a: echo a }\n"),
        Arguments.of("cron with a numeric day of week", false, head + "    schedule: \"0 0 3 ? * 6#3\"\n    jobs: { a: echo a }\n"),
        Arguments.of("five-field cron", false, head + "    schedule: \"0 2 * * *\"\n    jobs: { a: echo a }\n"),
        Arguments.of("cron without ?", false, head + "    schedule: \"0 0 2 * * *\"\n    jobs: { a: echo a }\n"),
        Arguments.of("cron with two ?", false, head + "    schedule: \"0 0 2 ? * ?\"\n    jobs: { a: echo a }\n"),
        Arguments.of("long-form schedule without cron", false, head + "    schedule: { timezone: UTC }\n"
            + "    jobs: { a: echo a }\n"),
        Arguments.of("typo in a schedule key", false, head + "    schedule: { cron: \"0 0 2 * * ?\", overlapp: skip }\n"
            + "    jobs: { a: echo a }\n"),
        Arguments.of("a rule word the scheduler does not know", false, head
            + "    schedule: { cron: \"0 0 2 * * ?\", missed: some }\n    jobs: { a: echo a }\n"),
        Arguments.of("a weekday that is none", false, "calendars:\n  c:\n    weekdays: [FUNDAY]\n" + head
            + "    jobs: { a: echo a }\n"),
        Arguments.of("a calendar open on no day", false, "calendars:\n  c:\n    weekdays: []\n" + head
            + "    jobs: { a: echo a }\n"),
        Arguments.of("server with a space", false, head + "    server: batch 1\n    jobs: { a: echo a }\n"),
        Arguments.of("empty workdir", false, head + "    workdir: \" \"\n    jobs: { a: echo a }\n"),
        Arguments.of("reserved env name", false, head + "    env: { MM_ROOT_JOBNET_ID: x }\n    jobs: { a: echo a }\n"),
        Arguments.of("env name with a dash", false, head + "    env: { A-B: x }\n    jobs: { a: echo a }\n"),
        Arguments.of("env value as a list", false, head + "    env: { A: [x] }\n    jobs: { a: echo a }\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void theSchemaAndTheConverterAgreeOnWhatIsValid(String what, boolean valid, String yaml) {
    // given
    SourceFile source = new SourceFile(what + ".yaml", yaml);

    // when
    List<Finding> findings = converter.validate(List.of(source)).findings();
    Set<ValidationMessage> errors = schema().validate(yamlAsJson(yaml));

    // then
    assertThat(findings.isEmpty()).as("converter finds it valid: %s", findings).isEqualTo(valid);
    assertThat(errors.isEmpty()).as("schema finds it valid: %s", errors).isEqualTo(valid);
  }

  private static void collectCommands(JobnetBody body, List<String> commands) {
    for (Job job : body.jobs()) {
      if (job.action() instanceof Job.Run run) {
        commands.add(run.command());
      } else if (job.action() instanceof Job.Nested nested) {
        collectCommands(nested.body(), commands);
      }
    }
    body.finallyBody().ifPresent(f -> collectCommands(f, commands));
  }

  private static List<Path> exampleFileList() {
    try (Stream<Path> walk = Files.walk(EXAMPLES)) {
      List<Path> files = walk.filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
      assertThat(files).as("example jobnets in %s", EXAMPLES).isNotEmpty();
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<SourceFile> exampleSources() {
    List<SourceFile> sources = new ArrayList<>();
    for (Path file : exampleFileList()) {
      try {
        sources.add(SourceFile.read(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  /** The keys under {@code jobnets:} of every example, read with plain YAML, not with the converter. */
  private static List<String> rootIdsWrittenInTheExamples() {
    List<String> ids = new ArrayList<>();
    for (SourceFile source : exampleSources()) {
      Map<?, ?> file = (Map<?, ?>) yaml().load(source.text());
      ((Map<?, ?>) file.get("jobnets")).keySet().forEach(k -> ids.add(String.valueOf(k)));
    }
    return ids;
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  private static JsonNode yamlAsJson(String yaml) {
    return new ObjectMapper().valueToTree(yaml().load(yaml));
  }

  /**
   * The schema, read once. Draft-07 plus the keywords only editors use (yaml-language-server's
   * {@code markdownDescription}, {@code patternErrorMessage}, {@code defaultSnippets}); any other unknown
   * keyword, a typo in the schema itself, is refused instead of being ignored.
   */
  private static JsonSchema schema() {
    JsonSchema s = schema;
    if (s == null) {
      JsonMetaSchema draft7ForEditors = JsonMetaSchema.builder(JsonMetaSchema.getV7())
          .keywords(Stream.of("markdownDescription", "patternErrorMessage", "defaultSnippets")
              .map(NonValidationKeyword::new).toList())
          .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
          .build();
      JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7,
          b -> b.metaSchema(draft7ForEditors));
      try (InputStream in = Files.newInputStream(SCHEMA)) {
        s = factory.getSchema(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      schema = s;
    }
    return s;
  }

  private static volatile JsonSchema schema;
}
