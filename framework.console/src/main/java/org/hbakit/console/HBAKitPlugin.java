package org.hbakit.console;

import java.io.IOException;
import java.util.Map;

import org.apache.felix.service.command.CommandProcessor;
import org.hbakit.controller.api.registry.IOKitRegistry;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import com.google.gson.Gson;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The HBAKit plugin of the Apache Felix Web Console: a plain {@link Servlet} service the console picks up by its
 * {@code felix.webconsole.label}, at {@code /system/console/hbakit}, behind the console's authentication. The
 * console frames the pages (paths without an extension) and serves {@code res/} from this bundle; this servlet
 * answers the pages, the {@code *.json} documents ({@link JsonViews}) and the {@code POST actions/<name>}
 * ({@link Actions}, guarded by {@link ActionGuard}). Called on the HTTP server's request threads.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + HBAKitPlugin.LABEL,
		"felix.webconsole.title=HBAKit", "felix.webconsole.category=HBAKit",
		"felix.webconsole.css=/" + HBAKitPlugin.LABEL + "/res/lib/uPlot.min.css",
		"felix.webconsole.css=/" + HBAKitPlugin.LABEL + "/res/hbakit/console.css" })
public final class HBAKitPlugin extends HttpServlet {
	private static final long serialVersionUID = 1L;
	/** The plugin's label: its path segment under the console's root. */
	public static final String LABEL = "hbakit";
	/** The console's request attribute holding the plugin's absolute path. */
	private static final String PLUGIN_ROOT = "felix.webconsole.pluginRoot";
	private static final String ACTIONS = "actions/";

	private final transient Logger log;
	private final transient ActionGuard guard = new ActionGuard();
	private final transient WorkloadRunner workloads;
	private final transient JsonViews json;
	private final transient Actions actions;
	private final transient Gson gson = new Gson();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	private volatile CommandProcessor processor;

	/** Created by DS. */
	@Activate
	public HBAKitPlugin(BundleContext context, @Reference IOKitRegistry registry, @Reference LiveSampler sampler,
			@Reference(service = LoggerFactory.class) Logger log) {
		this.log = log;
		GogoShell shell = new GogoShell(() -> processor);
		this.workloads = new WorkloadRunner(shell);
		this.json = new JsonViews(new ConsoleData(registry, context), sampler, workloads, shell, guard);
		this.actions = new Actions(registry, shell, workloads);
	}

	@Deactivate
	void deactivate() {
		workloads.close();
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = subPath(request);
		if (path.endsWith(".json")) {
			answerJson(path, request, response);
			return;
		}
		// a page: the console has written its frame's head already, this writes the content area
		Page page = Page.of(path).orElse(null);
		if (page == null) {
			response.setStatus(path.startsWith(ACTIONS) ? HttpServletResponse.SC_METHOD_NOT_ALLOWED
					: HttpServletResponse.SC_NOT_FOUND);
			response.getWriter().println(path.startsWith(ACTIONS) ? "<p>Actions take POST.</p>"
					: "<p>No such HBAKit page.</p>");
			return;
		}
		Object root = request.getAttribute(PLUGIN_ROOT);
		PageRenderer.render(response.getWriter(), page, root == null ? "" : root.toString(), guard.token(request));
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = subPath(request);
		if (!path.startsWith(ACTIONS)) {
			write(response, ActionResult.refused(HttpServletResponse.SC_NOT_FOUND, "POST goes to actions/<name>"));
			return;
		}
		String refusal = guard.refusal(request);
		if (refusal != null) {
			write(response, ActionResult.refused(HttpServletResponse.SC_FORBIDDEN, refusal));
			return;
		}
		String action = path.substring(ACTIONS.length());
		ActionResult result;
		try {
			result = actions.perform(action, request);
			log.info("console action {} by {}: {}", action, request.getRemoteUser(), result.message());
		} catch (IllegalArgumentException e) {
			result = ActionResult.refused(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
		} catch (IllegalStateException e) {
			result = ActionResult.refused(HttpServletResponse.SC_CONFLICT, e.getMessage());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			result = ActionResult.refused(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
		} catch (Exception e) { // a command's own failure: its message is the answer
			result = ActionResult.refused(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
			log.warn("console action {} failed: {}", action, e.toString());
		}
		write(response, result);
	}

	private void answerJson(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
		Map<String, Object> document;
		int status = HttpServletResponse.SC_OK;
		try {
			document = json.document(path, request);
			if (document == null) {
				status = HttpServletResponse.SC_NOT_FOUND;
				document = Map.of("error", "no document " + path + "; there are " + String.join(", ", JsonViews.NAMES));
			}
		} catch (IllegalArgumentException e) {
			status = HttpServletResponse.SC_BAD_REQUEST;
			document = Map.of("error", String.valueOf(e.getMessage()));
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			status = HttpServletResponse.SC_SERVICE_UNAVAILABLE;
			document = Map.of("error", "interrupted");
		} catch (Exception e) { // IllegalStateException (no shell) or a command's failure
			status = HttpServletResponse.SC_CONFLICT;
			document = Map.of("error", String.valueOf(e.getMessage()));
		}
		response.setStatus(status);
		sendJson(response, document);
	}

	private void write(HttpServletResponse response, ActionResult result) throws IOException {
		response.setStatus(result.status());
		sendJson(response, Map.of("ok", result.ok(), "message", String.valueOf(result.message())));
	}

	private void sendJson(HttpServletResponse response, Object document) throws IOException {
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		gson.toJson(document, response.getWriter());
	}

	/** The request's path below the plugin: {@code ""}, a page label, {@code x.json} or {@code actions/x}. */
	private static String subPath(HttpServletRequest request) {
		String info = request.getPathInfo(); // the console passes "/<label>/…"
		if (info == null) {
			return "";
		}
		String prefix = "/" + LABEL;
		String rest = info.startsWith(prefix) ? info.substring(prefix.length()) : info;
		while (rest.startsWith("/")) {
			rest = rest.substring(1);
		}
		return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
	}
}
