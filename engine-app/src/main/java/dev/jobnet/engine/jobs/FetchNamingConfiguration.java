package dev.jobnet.engine.jobs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The {@link FetchNamingFilter} on Camunda's fetch-and-lock endpoint. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FetchNamingConfiguration {

  /** After the authentication (HIGHEST_PRECEDENCE + 100) and the protocol filter (+ 200). */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 300;

  @Bean
  FilterRegistrationBean<FetchNamingFilter> fetchNamingFilter(FetchNames names, LostFetches lost,
      LostFetchRelease release) {
    FilterRegistrationBean<FetchNamingFilter> registration =
        new FilterRegistrationBean<>(new FetchNamingFilter(names, lost, release));
    registration.setName("jobnetFetchNamingFilter");
    registration.addUrlPatterns("/engine-rest/external-task/fetchAndLock");
    registration.setAsyncSupported(true);
    registration.setOrder(ORDER);
    return registration;
  }
}
