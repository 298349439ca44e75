package dev.jobnet.engine.logging;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The task of a request in the MDC, before authentication, so that every line of the request has it. */
@Configuration(proxyBeanMethods = false)
class LoggingConfiguration {

  @Bean
  FilterRegistrationBean<TaskRequestMdcFilter> taskRequestMdcFilter() {
    FilterRegistrationBean<TaskRequestMdcFilter> registration = new FilterRegistrationBean<>(new TaskRequestMdcFilter());
    registration.setName("jobnetTaskRequestMdcFilter");
    registration.addUrlPatterns("/engine-rest/external-task/*", "/jobnet-api/jobs/*");
    registration.setAsyncSupported(true);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    return registration;
  }
}
