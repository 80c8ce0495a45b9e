package org.hbakit.console;

import java.io.PrintWriter;

import org.owasp.encoder.Encode;

/**
 * Writes a page's skeleton inside the Web Console's frame: the tabs, an empty content area, the confirmation
 * dialog and the scripts. The scripts fetch the page's JSON document and draw it, so a page shows exactly what
 * its JSON holds. The skeleton carries the plugin's root and the user's action token as data attributes.
 */
final class PageRenderer {
	private PageRenderer() {
	}

	/**
	 * @param pluginRoot the plugin's absolute path (the console's {@code felix.webconsole.pluginRoot})
	 * @param token      the user's action token ({@link ActionGuard})
	 */
	static void render(PrintWriter out, Page page, String pluginRoot, String token) {
		String root = Encode.forHtmlAttribute(pluginRoot);
		out.println("<div id='hbakit' class='hbakit' data-page='" + page.label + "' data-root='" + root
				+ "' data-token='" + Encode.forHtmlAttribute(token) + "'>");
		out.println("<nav class='hbakit-tabs'>");
		for (Page p : Page.values()) {
			out.println("<a id='hbakit-tab-" + p.label + "' href='" + root + "/" + p.label + "'"
					+ (p == page ? " class='current'" : "") + ">" + Encode.forHtml(p.title) + "</a>");
		}
		out.println("</nav>");
		out.println("<div id='hbakit-status' class='hbakit-status' role='status'></div>");
		out.println("<div id='hbakit-content'><noscript>This page draws with JavaScript; its data is in "
				+ "<a href='" + root + "/" + jsonOf(page) + "'>" + jsonOf(page) + "</a>.</noscript></div>");
		out.println("<dialog id='hbakit-confirm' class='hbakit-confirm'><form method='dialog'>"
				+ "<p id='hbakit-confirm-text'></p><menu>"
				+ "<button id='hbakit-confirm-cancel' value='cancel'>Cancel</button>"
				+ "<button id='hbakit-confirm-ok' value='ok'>Confirm</button></menu></form></dialog>");
		out.println("</div>");
		if (page.charts) {
			out.println("<script src='" + root + "/res/lib/uPlot.iife.min.js'></script>");
		}
		out.println("<script src='" + root + "/res/hbakit/common.js'></script>");
		out.println("<script src='" + root + "/res/hbakit/" + page.label + ".js'></script>");
	}

	/** The JSON document a page draws. */
	static String jsonOf(Page page) {
		return switch (page) {
			case DEVICES -> "devices.json";
			case MATCHING -> "matches.json";
			case LUNS -> "luns.json";
			case SWAPS -> "swaps.json";
			case LIVE -> "live.json";
		};
	}
}
