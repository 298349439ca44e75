package dev.jobnet.engine.bench;

import dev.jobnet.converter.ConvertedJobnet;
import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.converter.SourceFile;
import dev.jobnet.converter.Validation;
import dev.jobnet.converter.bench.LargeJobnetGenerator;
import dev.jobnet.engine.semantics.JobnetSemanticsPlugin;
import dev.jobnet.engine.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.flywaydb.core.Flyway;

/**
 * Benchmark B2: deploying the 10,000-job jobnet of B1 into the engine on PostgreSQL (a database
 * created for the run), with the jobnet semantics plugin parsing it as in production.
 * {@code java ... DeployBenchmark JOBS RUNS RESULT_FILE}.
 */
public final class DeployBenchmark {

  private DeployBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(args[0]);
    int runs = Integer.parseInt(args[1]);
    Path result = Path.of(args[2]);
    TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
    try {
      Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
          .table("jobnet_schema_history").load().migrate();
      StandaloneProcessEngineConfiguration config = new StandaloneProcessEngineConfiguration();
      config.setJdbcUrl(db.url());
      config.setJdbcUsername(db.user());
      config.setJdbcPassword(db.password());
      config.setJdbcDriver("org.postgresql.Driver");
      config.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
      config.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
      config.setJobExecutorActivate(false);
      config.getProcessEnginePlugins().add(new JobnetSemanticsPlugin(30));
      ProcessEngine engine = config.buildProcessEngine();
      try {
        JobnetConverter converter = new JobnetConverter();
        Validation v = converter.validate(List.of(new SourceFile("big.yaml", LargeJobnetGenerator.yaml(jobs))));
        List<ConvertedJobnet> bpmn = converter.convert(v);
        long bytes = bpmn.stream().mapToLong(c -> c.bpmnXml().getBytes(StandardCharsets.UTF_8).length).sum();
        // Warm-up: the first deployment also loads the engine's parser classes.
        deploy(engine, converter.convert(converter.validate(
            List.of(new SourceFile("small.yaml", LargeJobnetGenerator.yaml(100))))));
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          deploy(engine, bpmn);
          millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        int actualJobs = LargeJobnetGenerator.countJobs(jobs);
        String json = "{\"benchmark\":\"B2\",\"jobs\":" + actualJobs + ",\"bpmnBytes\":" + bytes + ",\"runs\":" + runs
            + ",\"medianMs\":" + median + ",\"allMs\":" + millis + ",\"targetMs\":5000}";
        Files.createDirectories(result.getParent());
        Files.writeString(result, json + "\n");
        System.out.printf("B2 %d jobs (%d BPMN bytes): deploy median %d ms over %d runs %s (target < 5000 ms)%n",
            actualJobs, bytes, median, runs, millis);
      } finally {
        engine.close();
      }
    } finally {
      db.drop();
    }
  }

  private static void deploy(ProcessEngine engine, List<ConvertedJobnet> bpmn) {
    DeploymentBuilder b = engine.getRepositoryService().createDeployment().name("b2");
    bpmn.forEach(c -> b.addString(c.fileName(), c.bpmnXml()));
    b.deploy();
  }
}
