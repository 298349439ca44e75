package dev.jobnet.converter.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.bench.LargeJobnetGenerator;
import dev.jobnet.converter.bench.ShapeJobnetGenerator;
import dev.jobnet.converter.layout.DiagramLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every diagram the converter draws is readable: complete, no overlapping shapes, no edge through a shape. */
class DiagramLayoutTest {

  private final JobnetConverter converter = new JobnetConverter();

  static Stream<Path> examples() throws IOException {
    Path dir = Path.of("..", "bpmn");
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsDrawnCleanly(Path example) throws IOException {
    // given: the example with all others, as they are deployed together
    List<SourceFile> all = new ArrayList<>();
    for (Path p : examples().toList()) {
      all.add(SourceFile.read(p));
    }
    // when
    List<ConvertedJobnet> converted = convert(all);
    // then
    for (ConvertedJobnet c : converted) {
      assertClean(c);
    }
  }

  @Test
  void nestedJobnetsFinallyExpansionAndScheduleAreDrawnCleanly() {
    String yaml = """
        jobnets:
          nightly:
            name: 夜間取込
            schedule: "0 0 2 * * ?"
            jobs:
              extract: { run: extract.sh, next: [ta, tb, tc] }
              ta: { run: ta.sh, next: load }
              tb: { run: tb.sh, next: load }
              tc: { run: tc.sh, next: [load, archive] }
              load: { run: load.sh, next: [archive, monthly] }
              archive:
                jobnet:
                  jobs:
                    pack: pack.sh
                    upload: upload.sh
                  finally:
                    jobs:
                      tidy: tidy.sh
              monthly: { expand: report }
            finally:
              jobs:
                cleanup: cleanup.sh
                notify: notify.sh
          report:
            jobs:
              r1: r1.sh
        """;
    List<ConvertedJobnet> converted = convert(List.of(new SourceFile("nightly.yaml", yaml)));
    assertThat(converted).extracting(ConvertedJobnet::rootId).containsExactly("nightly", "report");
    converted.forEach(DiagramLayoutTest::assertClean);
  }

  @Test
  void largeGeneratedJobnetIsDrawnCleanly() {
    String yaml = LargeJobnetGenerator.yaml(2_000);
    List<ConvertedJobnet> converted = convert(List.of(new SourceFile("big.yaml", yaml)));
    BpmnDiagramCheck.Report report = assertClean(converted.get(0));
    assertThat(report.shapes()).isGreaterThan(2_000);
  }

  @Test
  void thousandsOfNestedJobnetsOnOneLevelAreAllLaidOut() {
    // given: 3,000 nested jobnets side by side, laid out in parallel, each with a nested jobnet inside
    StringBuilder sb = new StringBuilder("jobnets:\n  wide:\n    jobs:\n      start: { run: s.sh, next: [");
    for (int i = 0; i < 3_000; i++) {
      sb.append(i == 0 ? "" : ", ").append("n").append(i);
    }
    sb.append("] }\n");
    for (int i = 0; i < 3_000; i++) {
      sb.append("      n").append(i).append(": { jobnet: { jobs: { a: a.sh, b: { jobnet: { jobs: { c: c.sh } } } } } }\n");
    }
    // when
    List<ConvertedJobnet> converted = convert(List.of(new SourceFile("wide.yaml", sb.toString())));
    // then
    assertThat(assertClean(converted.get(0)).shapes()).isGreaterThan(3_000 * 8);
  }

  @Test
  void denseRandomDagInOneJobnetIsDrawnCleanly() {
    // given: 300 jobs, each linked to up to three later ones: many crossings and long edges
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder("jobnets:\n  dense:\n    jobs:\n");
    int n = 300;
    for (int i = 0; i < n; i++) {
      sb.append("      j").append(i).append(": { run: j.sh");
      List<String> next = new ArrayList<>();
      for (int k = 0; k < 3 && i < n - 1; k++) {
        String t = "j" + (i + 1 + random.nextInt(Math.min(20, n - i - 1)));
        if (!next.contains(t)) {
          next.add(t);
        }
      }
      if (!next.isEmpty()) {
        sb.append(", next: [").append(String.join(", ", next)).append("]");
      }
      sb.append(" }\n");
    }
    // when / then
    convert(List.of(new SourceFile("dense.yaml", sb.toString()))).forEach(DiagramLayoutTest::assertClean);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void everyShapeOfBenchmarkB1IsDrawnCleanlyAlsoAboveTheLinearLayoutsLimit(String shape) {
    // given: 3,000 jobs of the shape, in containers larger than ELK is given (deep: 30 of 100 jobs)
    String yaml = ShapeJobnetGenerator.yaml(shape, 3_000);
    // when
    List<ConvertedJobnet> converted = convert(List.of(new SourceFile(shape + ".yaml", yaml)));
    // then
    assertThat(assertClean(converted.get(0)).shapes()).isGreaterThan(2 * DiagramLayout.LINEAR_LIMIT);
  }

  static Stream<String> shapes() {
    return Stream.of(ShapeJobnetGenerator.SHAPES);
  }

  @Test
  void longChainNeedsNoDeepStackFromTheCaller() {
    // given: 6,000 jobs in one chain, which overflows ELK's recursion on a default stack
    StringBuilder sb = new StringBuilder("jobnets:\n  chain:\n    jobs:\n");
    for (int i = 0; i < 6_000; i++) {
      sb.append("      j").append(i).append(": step.sh\n");
    }
    // when
    List<ConvertedJobnet> converted = convert(List.of(new SourceFile("chain.yaml", sb.toString())));
    // then
    assertThat(assertClean(converted.get(0)).shapes()).isEqualTo(6_002);
  }

  private List<ConvertedJobnet> convert(List<SourceFile> files) {
    Validation v = converter.validate(files);
    assertThat(v.findings()).as("findings").isEmpty();
    return converter.convert(v);
  }

  private static BpmnDiagramCheck.Report assertClean(ConvertedJobnet c) {
    BpmnDiagramCheck.Report report = BpmnDiagramCheck.check(c.bpmnXml());
    assertThat(report.problems()).as("drawing problems in %s", c.fileName()).isEmpty();
    assertThat(report.shapes()).as("shapes in %s", c.fileName()).isPositive();
    return report;
  }
}
