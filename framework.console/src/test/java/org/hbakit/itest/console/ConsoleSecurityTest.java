package org.hbakit.itest.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Nothing of the HBAKit console answers without the console's credentials, and no action runs without the
 * user's token or from another origin (the console's own CSRF protection).
 */
class ConsoleSecurityTest extends ConsoleTestBase {
	@Test
	void pagesDocumentsAndResourcesRefuseUnauthenticatedRequests() throws Exception {
		for (String path : List.of("", "devices", "live", "swaps", "devices.json", "live.json", "token.json",
				"faults.json?address=hba0", "res/lib/uPlot.iife.min.js", "res/hbakit/common.js")) {
			HttpResponse<String> r = console.get(path, false);
			assertThat(r.statusCode()).as(path).isEqualTo(401);
			assertThat(r.body()).as(path).doesNotContain("pci0000:00:04.0", "data-token");
		}
	}

	@Test
	void actionsRefuseUnauthenticatedOrWronglyAuthenticatedRequestsAndDoNothing() throws Exception {
		int swaps = registry.swaps().size();
		String token = console.token();
		for (String authorization : new String[] { null, ConsoleClient.basic("admin", "wrong"),
				ConsoleClient.basic("root", "admin") }) {
			HttpResponse<String> r = console.post("swap", Map.of("device", "hba0"), authorization, token,
					console.origin);
			assertThat(r.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
		}
		assertThat(registry.swaps()).hasSize(swaps);
	}

	@Test
	void actionsRefuseRequestsWithoutTheTokenOrFromAnotherOrigin() throws Exception {
		int swaps = registry.swaps().size();
		String admin = ConsoleClient.basic(ConsoleClient.USER, ConsoleClient.PASSWORD);
		HttpResponse<String> noToken = console.post("swap", Map.of("device", "hba0"), admin, null, console.origin);
		assertThat(noToken.statusCode()).isEqualTo(403);
		assertThat(noToken.body()).contains("X-HBAKit-Token");
		HttpResponse<String> wrongToken = console.post("swap", Map.of("device", "hba0"), admin, "forged",
				console.origin);
		assertThat(wrongToken.statusCode()).isEqualTo(403);
		String token = console.token();
		for (String origin : List.of("http://attacker.example", "null", console.origin.replace("127.0.0.1", "localhost"))) {
			HttpResponse<String> r = console.post("swap", Map.of("device", "hba0"), admin, token, origin);
			assertThat(r.statusCode()).as(origin).isEqualTo(403);
			assertThat(r.body()).contains("cross-origin");
		}
		assertThat(registry.swaps()).hasSize(swaps);
		// the same request from the console's own origin goes through (a harmless one)
		assertThat(console.post("faults", Map.of("address", "hba2", "clear", "true"), admin, token, console.origin)
				.statusCode()).isEqualTo(200);
	}

	@Test
	void actionsTakeOnlyPost() throws Exception {
		assertThat(console.get("actions/swap?device=hba0", true).statusCode()).isEqualTo(405);
	}
}
