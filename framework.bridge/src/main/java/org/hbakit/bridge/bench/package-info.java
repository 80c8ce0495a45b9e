/**
 * The workload runner behind {@code hba:bench}: a fio-like engine that drives logical units through the client
 * API ({@link org.hbakit.controller.api.client.IOHost}, {@link org.hbakit.controller.api.client.IODoneQueue}),
 * verifies data, measures latency with HdrHistogram and, for the hot-swap soak, measures the pause each swap
 * causes. Pure Java: imports no OSGi; the shell command wires it to the services.
 */
package org.hbakit.bridge.bench;
