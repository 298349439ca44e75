package dev.jobnet.agent;

import dev.jobnet.agent.logging.LogFormat;
import dev.jobnet.agent.process.LaunchMechanism;
import dev.jobnet.agent.http.AgentSecrets;
import dev.jobnet.agent.engine.AccessRefusedException;
import dev.jobnet.agent.engine.CamundaEngineGateway;
import dev.jobnet.agent.engine.EngineGateway;
import dev.jobnet.agent.engine.FailoverEngineGateway;
import dev.jobnet.agent.engine.EngineUnavailableException;
import dev.jobnet.agent.runtime.Agent;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code jobnet agent}: reads the configuration, checks that the engine answers and accepts the
 * agent's credentials (one clear line and exit status 2 if not), then runs until SIGTERM, which
 * drains.
 */
public final class AgentMain {

  public static final int CONFIGURATION_ERROR = 2;

  private AgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    String launch = LaunchMechanism.apply().orElse("the JDK's default"); // before the first process starts
    AgentConfig config;
    AgentSecrets secrets;
    try {
      LogFormat.of(System.getenv()).apply(); // before the first logger
      config = AgentConfig.load(System.getenv());
      secrets = AgentSecrets.of(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("jobnet agent: " + e.getMessage());
      System.exit(CONFIGURATION_ERROR);
      return;
    }
    EngineGateway engine = FailoverEngineGateway.of(config.engineUrls(), url -> new CamundaEngineGateway(url,
        config.name(), config.user(), config.password(), config.longPoll(), config.capacity()));
    try {
      engine.checkAccess();
    } catch (AccessRefusedException | EngineUnavailableException e) {
      System.err.println("jobnet agent: " + e.getMessage());
      System.exit(CONFIGURATION_ERROR);
      return;
    }
    Agent agent = new Agent(config, engine, Clock.systemUTC(), secrets);
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.stop();
      try {
        main.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "jobnet-agent-stop"));
    System.err.println("jobnet agent " + config.name() + " serving " + config.servers() + " with capacity "
        + config.capacity() + " at " + config.engineUrl() + " (processes started with " + launch + ")");
    agent.run();
  }
}
