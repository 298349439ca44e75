package dev.jobnet.engine.deploy;

import dev.jobnet.converter.JobnetConverter;
import dev.jobnet.engine.deploy.impl.DefinitionPreparer;
import dev.jobnet.engine.deploy.impl.DeployedDefinitions;
import dev.jobnet.engine.deploy.impl.DeploymentLock;
import dev.jobnet.engine.deploy.impl.DeploymentPipeline;
import dev.jobnet.engine.deploy.impl.EngineAuthentication;
import dev.jobnet.engine.deploy.impl.EngineDeployer;
import java.time.Clock;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the deployment pipeline (plain classes in {@code impl}) and the request size limit. */
@Configuration(proxyBeanMethods = false)
class DeploymentConfiguration {

  @Bean
  JobnetConverter jobnetConverter() {
    return new JobnetConverter();
  }

  @Bean
  EngineAuthentication deploymentEngineAuthentication(IdentityService identityService) {
    return new EngineAuthentication(identityService);
  }

  @Bean
  DeploymentPipeline deploymentPipeline(ProcessEngine engine, RepositoryService repositoryService,
      JobnetConverter converter, EngineAuthentication authentication) {
    DeployedDefinitions deployed = new DeployedDefinitions(repositoryService);
    return new DeploymentPipeline(deployed, new DefinitionPreparer(converter),
        new EngineDeployer(repositoryService, deployed, authentication), deploymentLock(engine), authentication);
  }

  private static DeploymentLock deploymentLock(ProcessEngine engine) {
    if (!(engine.getProcessEngineConfiguration() instanceof SpringProcessEngineConfiguration spring)
        || spring.getTransactionManager() == null) {
      throw new IllegalStateException("deployments need the engine to take part in Spring transactions"
          + " (a SpringProcessEngineConfiguration with a transaction manager)");
    }
    return new DeploymentLock(spring.getTransactionManager(), DeploymentLock.thisNode(), Clock.systemUTC());
  }

  @Bean
  FilterRegistrationBean<UploadSizeLimitFilter> uploadSizeLimitFilter(DeploymentProperties properties) {
    FilterRegistrationBean<UploadSizeLimitFilter> registration =
        new FilterRegistrationBean<>(new UploadSizeLimitFilter(properties.maxRequestSize()));
    registration.addUrlPatterns(DeploymentController.PATH);
    registration.setName("jobnetUploadSizeLimit");
    return registration;
  }
}
