package dev.jobnet.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The jobnet engine: Camunda 7 with its REST API and Cockpit, plus the jobnet additions. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EngineApplication {

  public static void main(String[] args) {
    SpringApplication.run(EngineApplication.class, args);
  }
}
