package org.hbakit.browser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exported platform ({@code java -jar cnf/target/hbakit.jar}) as a separate process, headless, in a fresh
 * working folder under {@code target/}, with its HTTP server on an ephemeral port. Its standard error is copied to
 * {@code platform.log} there; the console's address comes from the plugin's log line
 * {@code HBAKit console at <url>}.
 */
final class PlatformProcess implements AutoCloseable {
	private static final Pattern ADDRESS = Pattern.compile("HBAKit console at (http://\\S+)");

	private final Process process;
	private final CompletableFuture<String> consoleUrl = new CompletableFuture<>();

	private PlatformProcess(Process process, Path log) {
		this.process = process;
		Thread copier = new Thread(() -> copy(log), "platform-stderr");
		copier.setDaemon(true);
		copier.start();
	}

	static PlatformProcess start(Path jar, Path workDir) throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build cnf first (mvn -DskipTests verify)");
		}
		deleteTree(workDir);
		Files.createDirectories(workDir);
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder b = new ProcessBuilder(java, "-Dorg.osgi.service.http.port=0", "-Dhbakit.log.level=INFO",
				"-jar", jar.toAbsolutePath().toString()).directory(workDir.toFile())
				.redirectOutput(workDir.resolve("platform.out").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
		return new PlatformProcess(b.start(), workDir.resolve("platform.log"));
	}

	/** The console's URL ({@code http://127.0.0.1:<port>/system/console/hbakit}), once the platform logged it. */
	String consoleUrl(long timeoutSeconds) throws Exception {
		return consoleUrl.get(timeoutSeconds, TimeUnit.SECONDS);
	}

	private void copy(Path log) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
				var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
			for (String line; (line = in.readLine()) != null;) {
				out.write(line);
				out.newLine();
				out.flush();
				Matcher m = ADDRESS.matcher(line);
				if (m.find()) {
					consoleUrl.complete(m.group(1));
				}
			}
		} catch (IOException e) {
			consoleUrl.completeExceptionally(e);
		}
		consoleUrl.completeExceptionally(new IllegalStateException("the platform ended without a console address"));
	}

	/** Stops the platform as SIGTERM does (it stops the framework cleanly), forcibly after 30 s. */
	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
	}
}
