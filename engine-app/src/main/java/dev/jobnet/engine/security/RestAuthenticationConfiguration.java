package dev.jobnet.engine.security;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.boot.autoconfigure.web.servlet.JerseyApplicationPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.function.SingletonSupplier;

/**
 * HTTP Basic authentication in front of the engine's REST API (Camunda's
 * {@link ProcessEngineAuthenticationFilter}, as Camunda documents it, made cheap per request by
 * {@link EngineRestAuthenticationFilter}) and of our own API, both with the
 * {@link VerifiedCredentials}, and of Spring Boot Actuator ({@link ActuatorAuthenticationFilter}: the
 * probes open, the rest for operators). Camunda's webapps under {@code /camunda} keep their own session
 * log-in.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RestAuthenticationConfiguration {

  /** Our own REST API. */
  static final String JOBNET_API = "/jobnet-api/*";

  /** Before everything else on these paths, so that no endpoint runs unauthenticated. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthenticationFilter(
      JerseyApplicationPath engineRestPath, ObjectProvider<ProcessEngine> engine, VerifiedCredentials credentials) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new EngineRestAuthenticationFilter(SingletonSupplier.of(engine::getObject), credentials));
    registration.setName("jobnet-engine-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        JobnetBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns(engineRestPath.getUrlMapping());
    registration.setAsyncSupported(true);
    registration.setOrder(ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<JobnetApiAuthenticationFilter> jobnetApiAuthenticationFilter(
      ObjectProvider<ProcessEngine> engine, VerifiedCredentials credentials) {
    // the engine is looked up at the first request, not while the web server is being created, and
    // kept: a bean look-up per request costs more than the rest of the filter
    FilterRegistrationBean<JobnetApiAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new JobnetApiAuthenticationFilter(SingletonSupplier.of(engine::getObject), credentials));
    registration.setName("jobnet-api-authentication");
    registration.addUrlPatterns(JOBNET_API);
    registration.setAsyncSupported(true);
    registration.setOrder(ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ActuatorAuthenticationFilter> actuatorAuthenticationFilter(
      ObjectProvider<ProcessEngine> engine, VerifiedCredentials credentials) {
    FilterRegistrationBean<ActuatorAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ActuatorAuthenticationFilter(SingletonSupplier.of(engine::getObject), credentials));
    registration.setName("jobnet-actuator-authentication");
    registration.addUrlPatterns(ActuatorAuthenticationFilter.ACTUATOR);
    registration.setOrder(ORDER);
    return registration;
  }

  /** Another tenant's run answers 404 on the engine REST API, as a missing one does (never 500). */
  @Bean
  ResourceConfigCustomizer otherTenantRefusal() {
    return config -> config.register(OtherTenantRefusalMapper.class);
  }
}
