package dev.todoctl.app.api;

import dev.todoctl.app.auth.Authenticator;
import dev.todoctl.app.auth.TokenService;
import dev.todoctl.app.config.ApiConfig;
import dev.todoctl.app.db.Database;
import dev.todoctl.app.tasks.TaskService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;

/** The api's wiring, built once in {@link ApiServer}: what every handler may depend on. */
public record ApiContext(ApiConfig config,
                         Clock clock,
                         PrometheusMeterRegistry meters,
                         Database database,
                         TokenService tokens,
                         Authenticator authenticator,
                         TaskService tasks) {
}
