package org.hbakit.console;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/**
 * Runs one whiteboard Gogo command (such as {@code hba:faults}, which the simulated machine provides, or
 * {@code hba:bench}) in a fresh session, so the console uses a command's published contract instead of importing
 * whoever implements it. The command line is built from words that each match {@link #WORD}: none of Gogo's
 * syntax (pipes, separators, variables, closures, quotes) can get in. Blocks the calling thread for as long as the
 * command runs.
 */
final class GogoShell {
	/** What one word may contain. */
	static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:=,/+-]+");

	private final Supplier<CommandProcessor> processor;

	GogoShell(Supplier<CommandProcessor> processor) {
		this.processor = processor;
	}

	/**
	 * Runs {@code words} as one command line.
	 *
	 * @return what the command printed, then its result as the shell would print it
	 * @throws IllegalArgumentException if a word has a character outside {@link #WORD}
	 * @throws IllegalStateException    if no Gogo command processor is registered
	 * @throws Exception                what the command threw (a bad argument, a failed run)
	 */
	String run(List<String> words) throws Exception {
		for (String w : words) {
			if (!WORD.matcher(w).matches()) {
				throw new IllegalArgumentException("'" + w + "' has characters a console command may not contain");
			}
		}
		CommandProcessor p = processor.get();
		if (p == null) {
			throw new IllegalStateException("no Gogo command processor is registered");
		}
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
				CommandSession session = p.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
			Object result = session.execute(String.join(" ", words));
			if (result != null) {
				out.println(session.format(result, Converter.INSPECT));
			}
			out.flush();
			return buffer.toString(StandardCharsets.UTF_8).strip();
		}
	}
}
