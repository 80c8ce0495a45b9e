package org.hbakit.console;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Logs (INFO) where the HBAKit pages are, once the HTTP runtime publishes its endpoints: {@code HBAKit console at
 * http://127.0.0.1:8080/system/console/hbakit}. With an ephemeral port ({@code org.osgi.service.http.port=0}) this
 * line is how an operator, or a test, learns the port. Reads the Servlet Whiteboard runtime's
 * {@code osgi.http.endpoint} property by name, so it needs none of its classes.
 */
@Component(immediate = true)
public final class ConsoleAddress {
	static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
	static final String ENDPOINT = "osgi.http.endpoint";
	/** How long after start an absent HTTP runtime is worth a warning, seconds. */
	static final long GRACE_S = 30;

	private final ServiceTracker<Object, Object> tracker;
	private volatile boolean closed;

	/** Created by DS. */
	@Activate
	public ConsoleAddress(BundleContext context, @Reference(service = LoggerFactory.class) Logger log)
			throws InvalidSyntaxException {
		String root = context.getProperty("felix.webconsole.manager.root");
		String consoleRoot = root == null || root.isBlank() ? "/system/console" : root.trim();
		tracker = new ServiceTracker<>(context, context.createFilter("(objectClass=" + RUNTIME + ")"), null) {
			@Override
			public Object addingService(ServiceReference<Object> reference) {
				announce(reference);
				return reference;
			}

			@Override
			public void modifiedService(ServiceReference<Object> reference, Object service) {
				announce(reference);
			}

			private void announce(ServiceReference<Object> reference) {
				List<String> urls = endpoints(reference.getProperty(ENDPOINT)).stream()
						.map(e -> (e.endsWith("/") ? e.substring(0, e.length() - 1) : e) + consoleRoot + "/"
								+ HBAKitPlugin.LABEL)
						.collect(Collectors.toList());
				if (!urls.isEmpty()) {
					log.info("HBAKit console at {}", String.join(" ", urls));
				}
			}
		};
		tracker.open();
		CompletableFuture.delayedExecutor(GRACE_S, TimeUnit.SECONDS).execute(() -> {
			if (!closed && tracker.isEmpty()) {
				log.warn("no HTTP runtime {} s after start: the web console is not reachable (is the port of "
						+ "org.osgi.service.http.port, default 8080, already in use?)", GRACE_S);
			}
		});
	}

	@Deactivate
	void deactivate() {
		closed = true;
		tracker.close();
	}

	private static List<String> endpoints(Object property) {
		if (property instanceof String s) {
			return List.of(s);
		}
		if (property instanceof String[] a) {
			return Arrays.asList(a);
		}
		if (property instanceof java.util.Collection<?> c) {
			return c.stream().map(String::valueOf).collect(Collectors.toList());
		}
		return List.of();
	}
}
