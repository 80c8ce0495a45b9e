package org.hbakit.itest.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The HBAKit console as a client sees it over HTTP: the in-framework tests talk to the running Web Console at the
 * port the HTTP runtime publishes ({@code osgi.http.endpoint}; the test run uses an ephemeral one), with or
 * without the console's credentials (admin/admin, the default).
 */
final class ConsoleClient {
	static final String USER = "admin";
	static final String PASSWORD = "admin";
	static final String TOKEN_HEADER = "X-HBAKit-Token";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	final String origin;
	final String base;

	private ConsoleClient(String origin) {
		this.origin = origin;
		this.base = origin + "/system/console/hbakit";
	}

	/** The console of this framework, once its plugin answers. */
	static ConsoleClient connect() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(ConsoleClient.class).getBundleContext();
		ServiceTracker<Object, Object> runtime = new ServiceTracker<>(context,
				context.createFilter("(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)"), null);
		runtime.open();
		try {
			if (runtime.waitForService(30_000) == null) {
				throw new AssertionError("no HTTP runtime after 30 s");
			}
			ServiceReference<Object> ref = runtime.getServiceReference();
			Object endpoints = ref.getProperty("osgi.http.endpoint");
			String endpoint = endpoints instanceof String[] a ? a[0] : String.valueOf(endpoints);
			ConsoleClient c = new ConsoleClient(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1)
					: endpoint);
			// the console picks the plugin up asynchronously
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> c.get("devices.json", true).statusCode() == 200);
			return c;
		} finally {
			runtime.close();
		}
	}

	HttpResponse<String> get(String path, boolean authenticated) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/" + path)).timeout(Duration.ofSeconds(30));
		if (authenticated) {
			b.header("Authorization", basic(USER, PASSWORD));
		}
		return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/** GETs a JSON document and checks it came with 200. */
	JsonObject json(String path) throws Exception {
		HttpResponse<String> r = get(path, true);
		if (r.statusCode() != 200) {
			throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
		}
		return JsonParser.parseString(r.body()).getAsJsonObject();
	}

	String token() throws Exception {
		return json("token.json").get("token").getAsString();
	}

	/** POSTs an action with the given credentials header (or none), token (or none) and Origin (or none). */
	HttpResponse<String> post(String action, Map<String, String> params, String authorization, String token,
			String originHeader) throws Exception {
		String form = params.entrySet().stream()
				.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/actions/" + action))
				.timeout(Duration.ofSeconds(120)).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form));
		if (authorization != null) {
			b.header("Authorization", authorization);
		}
		if (token != null) {
			b.header(TOKEN_HEADER, token);
		}
		if (originHeader != null) {
			b.header("Origin", originHeader);
		}
		// a connection of its own: the console may close one after refusing a request whose body it did not read
		HttpClient once = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		return once.send(b.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** POSTs an action as a logged-in page of this console would, and returns its JSON answer with its status. */
	Answer act(String action, Map<String, String> params) throws Exception {
		HttpResponse<String> r = post(action, params, basic(USER, PASSWORD), token(), origin);
		return new Answer(r.statusCode(), JsonParser.parseString(r.body()).getAsJsonObject());
	}

	record Answer(int status, JsonObject body) {
		boolean ok() {
			return body.get("ok").getAsBoolean();
		}

		String message() {
			return body.get("message").getAsString();
		}
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}
}
